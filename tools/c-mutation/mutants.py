"""Where a C file can be mutated: a small lexer and the mutation operators.

The operators follow PIT's DEFAULTS group, so the C and Java scores mean the same thing: conditional boundaries,
negated conditionals, math, increments, removed negation, logical connectives, replaced return values and removed
calls whose result is not used. Only code inside function bodies is mutated: file-scope tables and initialisers are
data, and the tests that load the golden vectors check those.
"""

from dataclasses import dataclass
import re

# Longest first, so that "<<=" is one token and not "<", "<=".
_OPERATORS = ["<<=", ">>=", "->", "++", "--", "<=", ">=", "==", "!=", "&&", "||", "<<", ">>", "+=", "-=", "*=",
              "/=", "%=", "&=", "|=", "^=", "<", ">", "+", "-", "*", "/", "%", "&", "|", "^", "!", "~", "=", "?",
              ":", ";", ",", ".", "(", ")", "[", "]", "{", "}"]
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"(0[xX][0-9A-Fa-f]+|[0-9]+)[uUlL]*")
_KEYWORDS_BEFORE_PAREN = {"if", "while", "for", "switch", "return", "sizeof"}


@dataclass(frozen=True)
class Token:
    kind: str  # "op", "ident", "number", "other"
    text: str
    start: int
    end: int
    line: int
    in_function: bool


@dataclass(frozen=True)
class Mutant:
    file: str
    line: int
    operator: str
    start: int
    end: int
    original: str
    replacement: str

    def apply(self, source: str) -> str:
        return source[:self.start] + self.replacement + source[self.end:]

    def describe(self) -> str:
        return f"{self.file}:{self.line} {self.operator}: {self.original.strip()} -> {self.replacement.strip()}"


def tokenize(src: str) -> list:
    """Tokens of code (comments, strings, character literals and preprocessor lines are skipped)."""
    tokens, i, line, depth, body_depth = [], 0, 1, 0, None
    at_line_start = True
    while i < len(src):
        c = src[i]
        if c == "\n":
            line, i, at_line_start = line + 1, i + 1, True
            continue
        if c in " \t\r":
            i += 1
            continue
        if at_line_start and c == "#":  # a preprocessor line, with its continuations
            while i < len(src) and not (src[i] == "\n" and src[i - 1] != "\\"):
                line += src[i] == "\n"
                i += 1
            continue
        at_line_start = False
        if src.startswith("/*", i):
            end = src.index("*/", i) + 2
            line += src.count("\n", i, end)
            i = end
            continue
        if src.startswith("//", i):
            i = src.find("\n", i) if "\n" in src[i:] else len(src)
            continue
        if c in "\"'":
            j = i + 1
            while src[j] != c:
                j += 2 if src[j] == "\\" else 1
            i = j + 1
            continue
        in_function = body_depth is not None and depth >= body_depth
        m = _IDENT.match(src, i) or _NUMBER.match(src, i)
        if m:
            kind = "ident" if c.isalpha() or c == "_" else "number"
            tokens.append(Token(kind, m.group(0), i, m.end(), line, in_function))
            i = m.end()
            continue
        op = next((o for o in _OPERATORS if src.startswith(o, i)), None)
        if op is None:
            tokens.append(Token("other", c, i, i + 1, line, in_function))
            i += 1
            continue
        if op == "{":
            # A brace at file scope right after ")" opens a function body; after "=" it opens an initialiser.
            if depth == 0 and tokens and tokens[-1].text == ")":
                body_depth = 1
            depth += 1
        elif op == "}":
            depth -= 1
            if body_depth is not None and depth < body_depth:
                body_depth = None
        tokens.append(Token("op", op, i, i + len(op), line, body_depth is not None and depth >= body_depth))
        i += len(op)
    return tokens


_BOUNDARY = {"<": "<=", "<=": "<", ">": ">=", ">=": ">"}
_NEGATE = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_MATH = {"+": "-", "-": "+", "*": "/", "/": "*", "%": "*", "&": "|", "|": "&", "^": "&", "<<": ">>", ">>": "<<",
         "+=": "-=", "-=": "+=", "*=": "/=", "/=": "*=", "|=": "&=", "&=": "|=", "^=": "&=", "<<=": ">>=",
         ">>=": "<<="}
_INCREMENT = {"++": "--", "--": "++"}
_LOGICAL = {"&&": "||", "||": "&&"}


_NOT_OPERANDS = {"return", "case", "sizeof", "else", "do"}


def _is_operand_end(tok) -> bool:
    """Whether the token can end a left operand: then a following "-", "*" or "&" is binary, not unary."""
    if tok is None:
        return False
    return (tok.kind == "ident" and tok.text not in _NOT_OPERANDS) or tok.kind == "number" or tok.text in (")", "]")


def mutants(path: str, src: str) -> list:
    toks = tokenize(src)
    out = []

    def add(op_name, tok_start, tok_end, replacement, line):
        out.append(Mutant(path, line, op_name, tok_start, tok_end, src[tok_start:tok_end], replacement))

    for k, t in enumerate(toks):
        if not t.in_function:
            continue
        prev = toks[k - 1] if k > 0 else None
        if t.kind == "op":
            if t.text in _BOUNDARY:
                add("conditional boundary", t.start, t.end, _BOUNDARY[t.text], t.line)
            if t.text in _NEGATE:
                add("negated conditional", t.start, t.end, _NEGATE[t.text], t.line)
            if t.text in _MATH and (len(t.text) > 1 or _is_operand_end(prev)):  # binary use only
                add("math", t.start, t.end, _MATH[t.text], t.line)
            if t.text in _INCREMENT:
                add("increment", t.start, t.end, _INCREMENT[t.text], t.line)
            if t.text in _LOGICAL:
                add("logical", t.start, t.end, _LOGICAL[t.text], t.line)
            if t.text == "!":
                add("removed negation", t.start, t.end, "", t.line)
        elif t.kind == "ident" and t.text == "return":
            end = next(j for j in range(k + 1, len(toks)) if toks[j].text == ";")
            if end > k + 1:
                expr_start, expr_end = toks[k + 1].start, toks[end - 1].end
                expr = src[expr_start:expr_end]
                add("return value", expr_start, expr_end, "1" if expr.strip() in ("0", "false") else "0", t.line)
        elif t.kind == "ident" and t.text not in _KEYWORDS_BEFORE_PAREN and prev is not None \
                and prev.text in (";", "{", "}") and k + 1 < len(toks) and toks[k + 1].text == "(":
            depth, j = 0, k + 1
            while True:  # find the call's closing parenthesis
                depth += {"(": 1, ")": -1}.get(toks[j].text, 0)
                if depth == 0:
                    break
                j += 1
            if j + 1 < len(toks) and toks[j + 1].text == ";":
                add("removed call", t.start, toks[j + 1].end, "(void)0;", t.line)
    return out
