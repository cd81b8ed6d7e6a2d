#include "vec_file.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

void vec_open(vec_file *f, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", HB_VECTORS_DIR, name);
    FILE *in = fopen(path, "rb");
    if (in == NULL) {
        fail_msg("cannot open %s", path);
    }
    fseek(in, 0, SEEK_END);
    long size = ftell(in);
    fseek(in, 0, SEEK_SET);
    f->text = malloc((size_t)size + 1);
    assert_non_null(f->text);
    if (fread(f->text, 1, (size_t)size, in) != (size_t)size) {
        fail_msg("cannot read %s", path);
    }
    fclose(in);
    f->text[size] = '\0';
    /* A token starts at a distinct byte, so there are never more tokens than bytes. */
    int cap = (int)size + 1;
    f->toks = malloc((size_t)cap * sizeof *f->toks);
    assert_non_null(f->toks);
    f->name = name;
    if (vj_parse(&f->doc, f->text, (size_t)size, f->toks, cap) != 0) {
        fail_msg("%s does not parse as JSON", path);
    }
}

void vec_close(vec_file *f)
{
    free(f->text);
    free(f->toks);
    memset(f, 0, sizeof *f);
}

static int vectors(const vec_file *f)
{
    int arr = vj_get(&f->doc, 0, "vectors");
    if (arr < 0 || f->doc.toks[arr].type != VJ_ARRAY || f->doc.toks[arr].size == 0) {
        fail_msg("%s: no \"vectors\" array, or an empty one", f->name);
    }
    return arr;
}

int vec_count(const vec_file *f)
{
    return f->doc.toks[vectors(f)].size;
}

int vec_at(const vec_file *f, int i)
{
    int v = vj_at(&f->doc, vectors(f), i);
    assert_true(v >= 0);
    return v;
}

int vec_named(const vec_file *f, const char *name)
{
    for (int i = 0; i < vec_count(f); i++) {
        int v = vec_at(f, i);
        if (vj_eq(&f->doc, vj_get(&f->doc, v, "name"), name)) {
            return v;
        }
    }
    fail_msg("%s: no vector %s", f->name, name);
    return -1;
}

int vec_get(const vec_file *f, int obj, const char *key)
{
    int v = vj_get(&f->doc, obj, key);
    if (v < 0) {
        fail_msg("%s: no member %s", f->name, key);
    }
    return v;
}

long vec_int(const vec_file *f, int obj, const char *key)
{
    int v = vec_get(f, obj, key);
    if (f->doc.toks[v].type != VJ_PRIMITIVE) {
        fail_msg("%s: member %s is not a number", f->name, key);
    }
    return vj_int(&f->doc, v);
}

size_t vec_hex(const vec_file *f, int obj, const char *key, uint8_t *out, size_t cap)
{
    int n = vj_hex(&f->doc, vec_get(f, obj, key), out, cap);
    if (n < 0) {
        fail_msg("%s: member %s is not hex of at most %zu bytes", f->name, key, cap);
    }
    return (size_t)n;
}

int vec_is(const vec_file *f, int obj, const char *key, const char *s)
{
    return vj_eq(&f->doc, vec_get(f, obj, key), s);
}

const char *vec_str(const vec_file *f, int obj, const char *key)
{
    static char buf[256];
    const vj_tok *t = &f->doc.toks[vec_get(f, obj, key)];
    if (t->type != VJ_STRING) {
        fail_msg("%s: member %s is not a string", f->name, key);
    }
    snprintf(buf, sizeof buf, "%.*s", t->end - t->start, f->text + t->start);
    return buf;
}
