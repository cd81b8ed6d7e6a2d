/*
 * Frames: header || payload || CRC-16 (big-endian), COBS-encoded between 0x00
 * delimiters (uart-link.md section 2).
 *
 * The decoder is an explicit state machine fed one byte at a time; it never
 * blocks, never allocates, and after any error is ready for the next frame.
 * Not thread-safe: one decoder belongs to one receive path.
 *
 * Private to the core (and its tests). The decoder's state type lives in
 * hb_core.h, since hb_core embeds it.
 */
#ifndef HILBRIDGE_HB_FRAME_H
#define HILBRIDGE_HB_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "hilbridge/hb_core.h"
#include "hilbridge/hb_proto.h"

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

void hb_decoder_init(hb_decoder *d);
hb_dec_result hb_decoder_push(hb_decoder *d, uint8_t byte, hb_frame *out);

/*
 * Writes 0x00 COBS(header || payload || crc) 0x00 into out. Returns the number
 * of bytes written, or 0 when the payload is longer than HB_MAX_PAYLOAD or out
 * is smaller than needed (HB_MAX_WIRE always suffices).
 */
size_t hb_frame_encode(uint8_t *out, size_t cap, uint8_t type, uint16_t seq, const uint8_t *payload, size_t len);

#endif
