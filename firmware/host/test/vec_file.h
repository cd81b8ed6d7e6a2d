/*
 * A golden vector file of protocol-spec/vectors for the host tests: read whole, tokenized by vec_json (the reader
 * the qemu-virt tests use too), with lookups that fail the running cmocka test when the file lacks what a test
 * needs. Test code only (uses the heap); not thread-safe.
 */
#ifndef HB_TEST_VEC_FILE_H
#define HB_TEST_VEC_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "vec_json.h"

typedef struct {
    vj_doc doc;
    char *text;
    vj_tok *toks;
    const char *name;
} vec_file;

/* Reads and parses HB_VECTORS_DIR/name; fails the test on any error. */
void vec_open(vec_file *f, const char *name);
void vec_close(vec_file *f);

/* The "vectors" array's element count, and element i. */
int vec_count(const vec_file *f);
int vec_at(const vec_file *f, int i);
/* The vector named `name` (its "name" member). */
int vec_named(const vec_file *f, const char *name);

/* Members of the object at obj; each fails the test when the member is missing or of the wrong form. */
int vec_get(const vec_file *f, int obj, const char *key);
long vec_int(const vec_file *f, int obj, const char *key);
/* A hex string member decoded into out (cap bytes); returns the byte count. */
size_t vec_hex(const vec_file *f, int obj, const char *key, uint8_t *out, size_t cap);
/* 1 when the string member equals s. */
int vec_is(const vec_file *f, int obj, const char *key, const char *s);
/* The text of a string member, for messages: NUL-terminated in a static buffer (valid until the next call). */
const char *vec_str(const vec_file *f, int obj, const char *key);

#endif
