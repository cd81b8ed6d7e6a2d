/*
 * A minimal JSON reader for the golden vector files (test code only, uses the
 * heap). Enough for the protocol-spec/vectors JSON files: objects, arrays, strings
 * without unicode escapes beyond \uXXXX < 0x80, integers, true/false/null.
 * CI guarantees a JDK and apt packages, not python3, so the vectors are read
 * directly rather than converted at build time.
 */
#ifndef HB_TEST_JSON_MINI_H
#define HB_TEST_JSON_MINI_H

#include <stddef.h>
#include <stdint.h>

typedef enum { JM_NULL, JM_BOOL, JM_NUM, JM_STR, JM_ARR, JM_OBJ } jm_type;

typedef struct jm_value {
    jm_type type;
    double num;
    char *str;               /* JM_STR: text; object member: key (in keys) */
    size_t count;            /* JM_ARR / JM_OBJ */
    struct jm_value *items;  /* JM_ARR / JM_OBJ values */
    char **keys;             /* JM_OBJ */
} jm_value;

/* Parses a file; aborts the test run with a message on any error. */
jm_value *jm_load(const char *path);
void jm_free(jm_value *v);

/* Member of an object, or NULL. */
const jm_value *jm_get(const jm_value *obj, const char *key);
const char *jm_str(const jm_value *obj, const char *key);
long jm_int(const jm_value *obj, const char *key);

/* Decodes hex into a new heap buffer; *len gets the length. */
uint8_t *jm_hex(const char *hex, size_t *len);

/* Path of a vector file: HB_VECTORS_DIR "/" name. */
const char *jm_vector_path(const char *name);

#endif
