#include "hilbridge/hb_cobs.h"

static void put_raw(hb_cobs_enc *e, uint8_t b)
{
    if (e->len < e->cap) {
        e->out[e->len] = b;
        e->len++;
    } else {
        e->overflow = 1;
    }
}

static void close_run(hb_cobs_enc *e)
{
    if (e->code_at < e->cap) {
        e->out[e->code_at] = e->code;
    }
    e->code_at = e->len;
    put_raw(e, 0); /* placeholder for the next code byte */
    e->code = 1;
}

void hb_cobs_enc_begin(hb_cobs_enc *e, uint8_t *out, size_t cap)
{
    e->out = out;
    e->cap = cap;
    e->len = 0;
    e->code_at = 0;
    e->code = 1;
    e->overflow = 0;
    put_raw(e, 0);
}

void hb_cobs_enc_put(hb_cobs_enc *e, uint8_t byte)
{
    if (byte == 0) {
        close_run(e);
        return;
    }
    put_raw(e, byte);
    e->code++;
    /* A full run of 254 data bytes ends without an implied zero. */
    if (e->code == 0xFF) {
        close_run(e);
    }
}

size_t hb_cobs_enc_end(hb_cobs_enc *e)
{
    if (e->code_at < e->cap) {
        e->out[e->code_at] = e->code;
    }
    return e->overflow ? 0 : e->len;
}

int hb_cobs_decode(const uint8_t *in, size_t len, uint8_t *out, size_t *out_len)
{
    size_t i = 0;
    size_t o = 0;
    while (i < len) {
        size_t code = in[i];
        /* A code byte counts itself: it may point at most one past the end. */
        if (code == 0 || i + code > len) {
            return -1;
        }
        for (size_t k = 1; k < code; k++) {
            out[o++] = in[i + k];
        }
        i += code;
        if (code != 0xFF && i < len) {
            out[o++] = 0;
        }
    }
    *out_len = o;
    return 0;
}
