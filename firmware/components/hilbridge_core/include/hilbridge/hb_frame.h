/*
 * Frames: header || payload || CRC-16 (big-endian), COBS-encoded between 0x00
 * delimiters (uart-link.md section 2).
 *
 * The decoder is an explicit state machine fed one byte at a time; it never
 * blocks, never allocates, and after any error is ready for the next frame.
 * Not thread-safe: one decoder belongs to one receive path.
 */
#ifndef HILBRIDGE_HB_FRAME_H
#define HILBRIDGE_HB_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "hilbridge/hb_proto.h"

/* Decoder error kinds, in the order the spec checks them. */
typedef enum {
    HB_ERR_OVERSIZE = 0,
    HB_ERR_COBS = 1,
    HB_ERR_RUNT = 2,
    HB_ERR_CRC = 3,
    HB_ERR_VERSION = 4,
    HB_ERR_KINDS = 5
} hb_decode_error;

/* A decoded frame. payload points into the decoder and is valid until the next push. */
typedef struct {
    uint8_t type;
    uint16_t seq;
    const uint8_t *payload;
    uint8_t len;
} hb_frame;

typedef enum {
    HB_DEC_MORE = 0,  /* nothing complete yet (or an empty frame between two delimiters) */
    HB_DEC_FRAME = 1, /* *out holds a frame */
    HB_DEC_ERROR = 2  /* a frame was dropped; its kind was counted and is in last_error */
} hb_dec_result;

typedef struct {
    /* Encoded bytes since the last delimiter, decoded in place at the delimiter. */
    uint8_t buf[HB_MAX_ENCODED];
    uint16_t len;
    /* Set once more than HB_MAX_ENCODED bytes arrived: discard until the next 0x00. */
    uint8_t discarding;
    uint8_t last_error;
    uint32_t errors[HB_ERR_KINDS];
} hb_decoder;

void hb_decoder_init(hb_decoder *d);
hb_dec_result hb_decoder_push(hb_decoder *d, uint8_t byte, hb_frame *out);

/*
 * Writes 0x00 COBS(header || payload || crc) 0x00 into out. Returns the number
 * of bytes written, or 0 when the payload is longer than HB_MAX_PAYLOAD or out
 * is smaller than needed (HB_MAX_WIRE always suffices).
 */
size_t hb_frame_encode(uint8_t *out, size_t cap, uint8_t type, uint16_t seq, const uint8_t *payload,
                       size_t len);

#endif
