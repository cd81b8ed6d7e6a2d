#include "json_mini.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *p;
    const char *path;
} jm_parser;

static void die(const jm_parser *ps, const char *what)
{
    fprintf(stderr, "json_mini: %s: %s near \"%.20s\"\n", ps->path, what, ps->p);
    exit(2);
}

static void skip_ws(jm_parser *ps)
{
    while (*ps->p != '\0' && isspace((unsigned char)*ps->p)) {
        ps->p++;
    }
}

static void parse_value(jm_parser *ps, jm_value *out);

static char *parse_string(jm_parser *ps)
{
    if (*ps->p != '"') {
        die(ps, "expected string");
    }
    ps->p++;
    size_t cap = 16;
    size_t n = 0;
    char *s = malloc(cap);
    while (*ps->p != '"') {
        char ch = *ps->p;
        if (ch == '\0') {
            die(ps, "unterminated string");
        }
        if (ch == '\\') {
            ps->p++;
            switch (*ps->p) {
            case 'n': ch = '\n'; break;
            case 't': ch = '\t'; break;
            case 'r': ch = '\r'; break;
            case 'u': {
                unsigned v = 0;
                if (sscanf(ps->p + 1, "%4x", &v) != 1 || v >= 0x80) {
                    die(ps, "unsupported \\u escape");
                }
                ch = (char)v;
                ps->p += 4;
                break;
            }
            default: ch = *ps->p; break;
            }
        }
        if (n + 2 > cap) {
            cap *= 2;
            s = realloc(s, cap);
        }
        s[n++] = ch;
        ps->p++;
    }
    ps->p++;
    s[n] = '\0';
    return s;
}

static void push(jm_value *v, size_t *cap)
{
    if (v->count == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        v->items = realloc(v->items, *cap * sizeof *v->items);
        if (v->type == JM_OBJ) {
            v->keys = realloc(v->keys, *cap * sizeof *v->keys);
        }
    }
    v->count++;
}

static void parse_value(jm_parser *ps, jm_value *out)
{
    memset(out, 0, sizeof *out);
    skip_ws(ps);
    char ch = *ps->p;
    if (ch == '{' || ch == '[') {
        int obj = ch == '{';
        size_t cap = 0;
        out->type = obj ? JM_OBJ : JM_ARR;
        ps->p++;
        skip_ws(ps);
        if (*ps->p == (obj ? '}' : ']')) {
            ps->p++;
            return;
        }
        for (;;) {
            push(out, &cap);
            skip_ws(ps);
            if (obj) {
                out->keys[out->count - 1] = parse_string(ps);
                skip_ws(ps);
                if (*ps->p++ != ':') {
                    die(ps, "expected ':'");
                }
            }
            parse_value(ps, &out->items[out->count - 1]);
            skip_ws(ps);
            if (*ps->p == ',') {
                ps->p++;
                continue;
            }
            if (*ps->p == (obj ? '}' : ']')) {
                ps->p++;
                return;
            }
            die(ps, "expected ',' or end of container");
        }
    } else if (ch == '"') {
        out->type = JM_STR;
        out->str = parse_string(ps);
    } else if (strncmp(ps->p, "true", 4) == 0 || strncmp(ps->p, "false", 5) == 0) {
        out->type = JM_BOOL;
        out->num = ch == 't';
        ps->p += ch == 't' ? 4 : 5;
    } else if (strncmp(ps->p, "null", 4) == 0) {
        out->type = JM_NULL;
        ps->p += 4;
    } else {
        char *end = NULL;
        out->type = JM_NUM;
        out->num = strtod(ps->p, &end);
        if (end == ps->p) {
            die(ps, "unexpected character");
        }
        ps->p = end;
    }
}

jm_value *jm_load(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "json_mini: cannot open %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    if (fread(text, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "json_mini: cannot read %s\n", path);
        exit(2);
    }
    text[size] = '\0';
    fclose(f);
    jm_parser ps = {text, path};
    jm_value *v = malloc(sizeof *v);
    parse_value(&ps, v);
    free(text);
    return v;
}

static void free_inner(jm_value *v)
{
    free(v->str);
    for (size_t i = 0; i < v->count; i++) {
        free_inner(&v->items[i]);
        if (v->keys != NULL) {
            free(v->keys[i]);
        }
    }
    free(v->items);
    free(v->keys);
}

void jm_free(jm_value *v)
{
    free_inner(v);
    free(v);
}

const jm_value *jm_get(const jm_value *obj, const char *key)
{
    if (obj == NULL || obj->type != JM_OBJ) {
        return NULL;
    }
    for (size_t i = 0; i < obj->count; i++) {
        if (strcmp(obj->keys[i], key) == 0) {
            return &obj->items[i];
        }
    }
    return NULL;
}

const char *jm_str(const jm_value *obj, const char *key)
{
    const jm_value *v = jm_get(obj, key);
    if (v == NULL || v->type != JM_STR) {
        fprintf(stderr, "json_mini: no string member %s\n", key);
        exit(2);
    }
    return v->str;
}

long jm_int(const jm_value *obj, const char *key)
{
    const jm_value *v = jm_get(obj, key);
    if (v == NULL || v->type != JM_NUM) {
        fprintf(stderr, "json_mini: no number member %s\n", key);
        exit(2);
    }
    return (long)v->num;
}

uint8_t *jm_hex(const char *hex, size_t *len)
{
    size_t n = strlen(hex) / 2;
    uint8_t *out = malloc(n + 1);
    for (size_t i = 0; i < n; i++) {
        unsigned b = 0;
        if (sscanf(hex + 2 * i, "%2x", &b) != 1) {
            fprintf(stderr, "json_mini: bad hex %s\n", hex);
            exit(2);
        }
        out[i] = (uint8_t)b;
    }
    *len = n;
    return out;
}

const char *jm_vector_path(const char *name)
{
    static char buf[1024];
    snprintf(buf, sizeof buf, "%s/%s", HB_VECTORS_DIR, name);
    return buf;
}
