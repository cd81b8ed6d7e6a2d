/*
 * hilbridge UART link, version 1: wire constants (protocol-spec/uart-link.md).
 *
 * Freestanding: only <stdint.h>/<stddef.h>. Every number here is fixed by the
 * spec; change the spec and its vectors first, then this file.
 */
#ifndef HILBRIDGE_HB_PROTO_H
#define HILBRIDGE_HB_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define HB_PROTO_VERSION 1u

/* Sizes (uart-link.md section 2, "Sizes"). */
#define HB_MAX_PAYLOAD 200u
#define HB_HEADER_LEN 4u
#define HB_CRC_LEN 2u
#define HB_MAX_DECODED (HB_HEADER_LEN + HB_MAX_PAYLOAD + HB_CRC_LEN) /* 206 */
#define HB_MAX_ENCODED 208u
/* A whole frame on the wire: leading 0x00, COBS body, trailing 0x00. */
#define HB_MAX_WIRE (HB_MAX_ENCODED + 2u)

#define HB_MAX_LIGHTS 8u
#define HB_MAX_STRING 15u

/* Message types (section 3). */
enum {
    HB_T_HELLO_REQ = 0x01,
    HB_T_HELLO = 0x02,
    HB_T_SET = 0x03,
    HB_T_ACK = 0x04,
    HB_T_NACK = 0x05,
    HB_T_STATE = 0x06,
    HB_T_STATE_REQ = 0x07,
    HB_T_PING = 0x08,
    HB_T_PONG = 0x09,
    HB_T_LOG = 0x0A,
    HB_T_ACK_STATE = 0x0B,  /* ACK + the STATE (cause command) of the one light a SET changed */
    HB_T_FAULT = 0x0C,      /* a light's hardware fault appeared or cleared */
    HB_T_REBOOT_REQ = 0x0D, /* restart the firmware: ACK, then the board layer's reboot */
    HB_T_PIXELS_SUB = 0x0E, /* subscribe to what the lights show (light, rate) */
    HB_T_PIXELS = 0x0F,     /* a chunk of the pixels one light shows */
    HB_T_SET_PIXELS = 0x10  /* a SET for one strip plus its per-pixel colours as runs */
};

/* The live view (uart-link.md section 3, PIXELS_SUB and PIXELS). */
#define HB_PIXELS_SUB_LEN 2u
#define HB_PIXELS_MAX_RATE 20u   /* frames per second */
#define HB_PIXELS_LEASE_MS 3000u /* a subscription lapses this long after the PIXELS_SUB that renewed it */
#define HB_PIXELS_HEAD_LEN 4u    /* light u8, first u16, count u8 */
#define HB_PIXELS_MAX_CHUNK 64u  /* pixels in one PIXELS frame: 4 + 3 * 64 = 196 <= HB_MAX_PAYLOAD */

/* Light kinds, as in HELLO. */
enum { HB_KIND_ONOFF = 0, HB_KIND_DIMMABLE = 1, HB_KIND_RGB = 2, HB_KIND_STRIP = 3 };

/* Effects, as in SET offset 9. */
enum { HB_EFFECT_NONE = 0, HB_EFFECT_BLINK = 1, HB_EFFECT_BREATHE = 2, HB_EFFECT_RAINBOW = 3 };
#define HB_EFFECT_MAX HB_EFFECT_RAINBOW

/* SET field bits. */
enum { HB_F_ON = 0x01, HB_F_BRIGHTNESS = 0x02, HB_F_COLOR = 0x04, HB_F_TRANSITION = 0x08, HB_F_EFFECT = 0x10 };
#define HB_F_ALL 0x1Fu

#define HB_SET_PAYLOAD_LEN 10u

/* SET_PIXELS: a SET payload, run_count u8, then run_count runs of count u8 + r, g, b (uart-link.md, SET_PIXELS). */
#define HB_PIXEL_RUN_LEN 4u
#define HB_MAX_PIXEL_RUNS 47u /* (HB_MAX_PAYLOAD - HB_SET_PAYLOAD_LEN - 1) / HB_PIXEL_RUN_LEN */

/* STATE and ACK_STATE `on` byte: bit 0 on, bit 1 per-pixel colours in force. */
#define HB_STATE_ON 0x01u
#define HB_STATE_PIXELS 0x02u
#define HB_LIGHT_ALL 0xFFu

/* STATE causes. */
enum {
    HB_CAUSE_COMMAND = 0,
    HB_CAUSE_BUTTON = 1,
    HB_CAUSE_BOOT = 2,
    HB_CAUSE_EFFECT = 3,
    HB_CAUSE_FAILSAFE = 4,
    HB_CAUSE_SYNC = 5
};

/* NACK codes. */
enum {
    HB_NACK_BAD_LIGHT = 1,
    HB_NACK_UNSUPPORTED = 2,
    HB_NACK_OUT_OF_RANGE = 3,
    HB_NACK_MALFORMED = 4,
    HB_NACK_BUSY = 5,
    HB_NACK_UNKNOWN_TYPE = 6
};

/* FAULT codes. */
enum { HB_FAULT_NONE = 0, HB_FAULT_OUTPUT_STUCK = 1 };

/* LOG levels. */
enum { HB_LOG_ERROR = 1, HB_LOG_WARN = 2, HB_LOG_INFO = 3, HB_LOG_DEBUG = 4 };

#endif
