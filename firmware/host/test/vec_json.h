/*
 * A small JSON tokenizer for reading the golden vectors (the .json files in protocol-spec/vectors), shared by the
 * host tests (test_vectors.c here) and the tests on the emulated CPU (firmware/port/qemu-virt/test, which read the
 * files through semihosting). Both read the very files the Java tests read, so no generator step sits between the
 * spec and the C tests. Freestanding apart from <string.h>, so it builds with picolibc for rv32 as well.
 *
 * Tokens live in a caller-supplied array (no heap). Strings are returned raw: escapes are skipped over, not decoded
 * (descriptions may use them; the fields compared here, names and hex, never do). Not thread-safe; one document per vj_doc.
 */
#ifndef HB_TEST_VEC_JSON_H
#define HB_TEST_VEC_JSON_H

#include <stddef.h>
#include <stdint.h>

typedef enum { VJ_OBJECT, VJ_ARRAY, VJ_STRING, VJ_PRIMITIVE } vj_type;

typedef struct {
    vj_type type;
    int start, end; /* [start, end) in the text; strings exclude the quotes */
    int size;       /* direct children: members (key+value pairs count once) or elements */
    int next;       /* index of the token after this one's whole subtree */
} vj_tok;

typedef struct {
    const char *text;
    vj_tok *toks;
    int count;
} vj_doc;

/* Parses text (len bytes). Returns 0, or -1 on a syntax error or when toks is too small. */
int vj_parse(vj_doc *doc, const char *text, size_t len, vj_tok *toks, int cap);

/* Value token of key in the object at obj, or -1. */
int vj_get(const vj_doc *doc, int obj, const char *key);
/* Token of element i of the array at arr, or -1. */
int vj_at(const vj_doc *doc, int arr, int i);
/* 1 when the string/primitive token equals s. */
int vj_eq(const vj_doc *doc, int tok, const char *s);
/* Integer value of a primitive token (decimal, optional '-'). */
long vj_int(const vj_doc *doc, int tok);
/* Decodes a hex string token into out; returns the byte count, or -1 if it does not fit/parse. */
int vj_hex(const vj_doc *doc, int tok, uint8_t *out, size_t cap);

#endif
