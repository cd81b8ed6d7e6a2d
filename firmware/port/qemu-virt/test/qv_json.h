/*
 * A small JSON tokenizer for reading the golden vectors (the .json files in protocol-spec/vectors) on the
 * emulated CPU. The test runner reads the very files the Java and host tests read, through
 * semihosting, so no generator step sits between the spec and the target-side tests.
 *
 * Tokens live in a caller-supplied array (no heap). Strings are returned raw: escapes are skipped over, not decoded
 * (descriptions may use them; the fields compared here, names and hex, never do). Not thread-safe; one document per qv_json.
 */
#ifndef QV_JSON_H
#define QV_JSON_H

#include <stddef.h>
#include <stdint.h>

typedef enum { QV_JSON_OBJECT, QV_JSON_ARRAY, QV_JSON_STRING, QV_JSON_PRIMITIVE } qv_json_type;

typedef struct {
    qv_json_type type;
    int start, end; /* [start, end) in the text; strings exclude the quotes */
    int size;       /* direct children: members (key+value pairs count once) or elements */
    int next;       /* index of the token after this one's whole subtree */
} qv_json_tok;

typedef struct {
    const char *text;
    qv_json_tok *toks;
    int count;
} qv_json;

/* Parses text (len bytes). Returns 0, or -1 on a syntax error or when toks is too small. */
int qv_json_parse(qv_json *doc, const char *text, size_t len, qv_json_tok *toks, int cap);

/* Value token of key in the object at obj, or -1. */
int qv_json_get(const qv_json *doc, int obj, const char *key);
/* Token of element i of the array at arr, or -1. */
int qv_json_at(const qv_json *doc, int arr, int i);
/* 1 when the string/primitive token equals s. */
int qv_json_eq(const qv_json *doc, int tok, const char *s);
/* Integer value of a primitive token (decimal, optional '-'). */
long qv_json_int(const qv_json *doc, int tok);
/* Decodes a hex string token into out; returns the byte count, or -1 if it does not fit/parse. */
int qv_json_hex(const qv_json *doc, int tok, uint8_t *out, size_t cap);

#endif
