/*
 * COBS (Cheshire & Baker) without delimiters.
 *
 * The encoder is streaming so a frame can be encoded straight from its header,
 * payload and CRC without first being copied into one buffer.
 */
#ifndef HILBRIDGE_HB_COBS_H
#define HILBRIDGE_HB_COBS_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint8_t *out;     /* output buffer */
    size_t cap;       /* its capacity */
    size_t len;       /* bytes written so far (including the pending code byte) */
    size_t code_at;   /* index of the code byte being counted */
    uint8_t code;     /* current run length + 1 */
    uint8_t overflow; /* set when out was too small; len stops growing */
} hb_cobs_enc;

void hb_cobs_enc_begin(hb_cobs_enc *e, uint8_t *out, size_t cap);
void hb_cobs_enc_put(hb_cobs_enc *e, uint8_t byte);
/* Closes the last run. Returns the encoded length, or 0 when out was too small. */
size_t hb_cobs_enc_end(hb_cobs_enc *e);

/*
 * Decodes in[0..len) into out (out may equal in: decoding never writes ahead
 * of what it has read). Returns 0 and sets *out_len, or -1 when a code byte is
 * 0 or points past the end ("cobs" error in uart-link.md).
 */
int hb_cobs_decode(const uint8_t *in, size_t len, uint8_t *out, size_t *out_len);

#endif
