#include "vec_json.h"

#include <string.h>

typedef struct {
    const char *s;
    size_t len;
    size_t pos;
    vj_tok *toks;
    int cap;
    int count;
} parser;

static void skip_ws(parser *p)
{
    while (p->pos < p->len &&
           (p->s[p->pos] == ' ' || p->s[p->pos] == '\n' || p->s[p->pos] == '\r' || p->s[p->pos] == '\t')) {
        p->pos++;
    }
}

static int new_tok(parser *p, vj_type type, int start)
{
    if (p->count >= p->cap) {
        return -1;
    }
    int i = p->count++;
    p->toks[i].type = type;
    p->toks[i].start = start;
    p->toks[i].end = start;
    p->toks[i].size = 0;
    p->toks[i].next = i + 1;
    return i;
}

static int parse_value(parser *p, int depth);

static int parse_string(parser *p)
{
    p->pos++; /* opening quote */
    int t = new_tok(p, VJ_STRING, (int)p->pos);
    if (t < 0) {
        return -1;
    }
    while (p->pos < p->len && p->s[p->pos] != '"') {
        if (p->s[p->pos] == '\\') {
            p->pos++; /* keep escapes raw (see header): skip the escaped character */
        }
        p->pos++;
    }
    if (p->pos >= p->len) {
        return -1;
    }
    p->toks[t].end = (int)p->pos;
    p->pos++;
    return t;
}

static int parse_container(parser *p, int depth, int is_object)
{
    int t = new_tok(p, is_object ? VJ_OBJECT : VJ_ARRAY, (int)p->pos);
    if (t < 0) {
        return -1;
    }
    char close = is_object ? '}' : ']';
    p->pos++;
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == close) {
        p->pos++;
    } else {
        for (;;) {
            skip_ws(p);
            if (is_object) {
                if (p->pos >= p->len || p->s[p->pos] != '"' || parse_string(p) < 0) {
                    return -1;
                }
                skip_ws(p);
                if (p->pos >= p->len || p->s[p->pos] != ':') {
                    return -1;
                }
                p->pos++;
            }
            if (parse_value(p, depth + 1) < 0) {
                return -1;
            }
            p->toks[t].size++;
            skip_ws(p);
            if (p->pos >= p->len) {
                return -1;
            }
            if (p->s[p->pos] == ',') {
                p->pos++;
                continue;
            }
            if (p->s[p->pos] == close) {
                p->pos++;
                break;
            }
            return -1;
        }
    }
    p->toks[t].end = (int)p->pos;
    p->toks[t].next = p->count;
    return t;
}

static int parse_value(parser *p, int depth)
{
    if (depth > 32) {
        return -1;
    }
    skip_ws(p);
    if (p->pos >= p->len) {
        return -1;
    }
    char c = p->s[p->pos];
    if (c == '{' || c == '[') {
        return parse_container(p, depth, c == '{');
    }
    if (c == '"') {
        return parse_string(p);
    }
    int t = new_tok(p, VJ_PRIMITIVE, (int)p->pos);
    if (t < 0) {
        return -1;
    }
    while (p->pos < p->len && strchr(",]} \r\n\t", p->s[p->pos]) == NULL) {
        p->pos++;
    }
    p->toks[t].end = (int)p->pos;
    return p->toks[t].end > p->toks[t].start ? t : -1;
}

int vj_parse(vj_doc *doc, const char *text, size_t len, vj_tok *toks, int cap)
{
    parser p = {text, len, 0, toks, cap, 0};
    if (parse_value(&p, 0) < 0) {
        return -1;
    }
    skip_ws(&p);
    if (p.pos != len) {
        return -1;
    }
    doc->text = text;
    doc->toks = toks;
    doc->count = p.count;
    return 0;
}

int vj_eq(const vj_doc *doc, int tok, const char *s)
{
    if (tok < 0) {
        return 0;
    }
    const vj_tok *t = &doc->toks[tok];
    size_t n = (size_t)(t->end - t->start);
    return strlen(s) == n && memcmp(doc->text + t->start, s, n) == 0;
}

int vj_get(const vj_doc *doc, int obj, const char *key)
{
    if (obj < 0 || doc->toks[obj].type != VJ_OBJECT) {
        return -1;
    }
    int k = obj + 1;
    for (int i = 0; i < doc->toks[obj].size; i++) {
        int v = k + 1;
        if (vj_eq(doc, k, key)) {
            return v;
        }
        k = doc->toks[v].next;
    }
    return -1;
}

int vj_at(const vj_doc *doc, int arr, int i)
{
    if (arr < 0 || doc->toks[arr].type != VJ_ARRAY || i < 0 || i >= doc->toks[arr].size) {
        return -1;
    }
    int e = arr + 1;
    while (i-- > 0) {
        e = doc->toks[e].next;
    }
    return e;
}

long vj_int(const vj_doc *doc, int tok)
{
    if (tok < 0) {
        return -1;
    }
    const vj_tok *t = &doc->toks[tok];
    long v = 0;
    int i = t->start, neg = 0;
    if (i < t->end && doc->text[i] == '-') {
        neg = 1;
        i++;
    }
    for (; i < t->end && doc->text[i] >= '0' && doc->text[i] <= '9'; i++) {
        v = v * 10 + (doc->text[i] - '0');
    }
    return neg ? -v : v;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int vj_hex(const vj_doc *doc, int tok, uint8_t *out, size_t cap)
{
    if (tok < 0 || doc->toks[tok].type != VJ_STRING) {
        return -1;
    }
    const vj_tok *t = &doc->toks[tok];
    int n = t->end - t->start;
    if ((n & 1) != 0 || (size_t)(n / 2) > cap) {
        return -1;
    }
    for (int i = 0; i < n / 2; i++) {
        int hi = hexval(doc->text[t->start + 2 * i]);
        int lo = hexval(doc->text[t->start + 2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return -1;
        }
        out[i] = (uint8_t)(hi * 16 + lo);
    }
    return n / 2;
}
