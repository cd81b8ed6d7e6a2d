/*
 * The board side of the hilbridge link: decoder, dispatcher, duplicate window,
 * per-light SET ordering, lights, button and failsafe (uart-link.md sections 3
 * and 4).
 *
 * All state lives in an hb_core the board layer owns (usually one static
 * instance); nothing here allocates or keeps globals. The board layer injects
 * the clock (every entry point takes `now` in ms from a monotonic source) and
 * the output (hb_port callbacks). Not thread-safe: call every hb_core_*
 * function from one task, or under one lock.
 *
 * This is the core's whole public API: hb_proto.h (wire constants) and
 * hb_debounce.h (a button helper) are the only other public headers. The
 * frame codec and the light renderer are private (private_include/, for the
 * core and its tests).
 */
#ifndef HILBRIDGE_HB_CORE_H
#define HILBRIDGE_HB_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "hilbridge/hb_proto.h"

typedef struct {
    uint8_t r, g, b;
} hb_rgb;

/* A light's state as STATE reports it; the target of any running transition. */
typedef struct {
    uint8_t on;
    uint8_t brightness;
    hb_rgb color;
    uint8_t effect;
    uint8_t pixels; /* 1: per-pixel colours (SET_PIXELS runs) are in force instead of color: STATE's PIXELS flag */
} hb_light_state;

/* One run of SET_PIXELS: `count` pixels of one colour. */
typedef struct {
    uint8_t count;
    hb_rgb color;
} hb_pixel_run;

/* A light as the board declares it in HELLO. Supported effects follow from the kind. */
typedef struct {
    uint8_t kind;     /* HB_KIND_* */
    uint16_t pixels;  /* STRIP pixel count; 1 for the others */
    const char *name; /* UTF-8, at most 15 bytes (longer names are cut) */
} hb_light_cfg;

/* What the failsafe does when the host has been silent for failsafe_ms. */
enum { HB_FAILSAFE_KEEP = 0, HB_FAILSAFE_RESTORE = 1 };

typedef struct {
    const char *fw_version; /* at most 15 bytes */
    uint8_t light_count;    /* 1..HB_MAX_LIGHTS */
    const hb_light_cfg *lights;
    uint32_t failsafe_ms;    /* 0 disables the failsafe */
    uint8_t failsafe_action; /* HB_FAILSAFE_* */
} hb_board_cfg;

typedef struct {
    void *ctx;
    /* Bytes for the link: always whole frames (0x00 .. 0x00). Required. */
    void (*write)(void *ctx, const uint8_t *data, size_t len);
    /*
     * A light's target changed (command, button, failsafe). fade_ms is the
     * requested transition, so a board with hardware fades can start one;
     * boards that render in software may ignore this and poll hb_core_render.
     * Optional.
     */
    void (*light_changed)(void *ctx, uint8_t light, const hb_light_state *st, uint16_t fade_ms);
    /* The failsafe fired (after any restore). Optional. */
    void (*failsafe)(void *ctx);
    /*
     * The host asked for a restart (REBOOT_REQ) and its ACK has been passed to write: the board layer makes sure
     * those bytes leave its transmitter, then restarts (ESP-IDF: esp_restart()), which boots the core anew with a new
     * boot_id. Called from inside hb_core_rx; from then until the next hb_core_init the core drops what it is fed
     * (the rest of that chunk too), like a UART that is being reset, so a board layer may restart right away or from
     * its main loop. Optional: without it the board answers REBOOT_REQ with NACK UNKNOWN_TYPE.
     */
    void (*reboot)(void *ctx);
    /*
     * Nonzero when every byte passed to write has left the transmitter (ESP-IDF: uart_wait_tx_done with timeout 0).
     * The core sends a PIXELS frame only then, one at a time, so a live view never queues ahead of an answer
     * (uart-link.md, "Answers first"). Optional: NULL means always idle (a pty, or writes that wait for the wire).
     */
    int (*tx_idle)(void *ctx);
} hb_port;

/*
 * The core's state, below, is public only so that a board layer can allocate an hb_core (usually static) without
 * a heap. Its fields belong to the core. A board layer reads at most lights[i]: st, the light's target, and
 * fade_ms/fade_start, to know whether it must keep rendering (firmware/main and the qemu-virt port do).
 */

/* One light: its target, the fade towards it and the effect running on it (hb_light.h, private, works on it). */
typedef struct {
    hb_light_state st;
    uint8_t run_count; /* runs[0..run_count): the per-pixel colours while st.pixels is 1; else 0 */
    /* Not the last member: UBSan (gcc 12, clang 14) takes a last array for a flexible one and checks no bound. */
    hb_pixel_run runs[HB_MAX_PIXEL_RUNS];
    hb_rgb fade_from;      /* rendered base colour when the fade started */
    uint16_t fade_ms;      /* 0: no fade */
    uint32_t fade_start;   /* ms */
    uint32_t effect_start; /* ms: effects are phase-locked to when they were set */
} hb_light;

/* One light's live-view subscription (PIXELS_SUB); hb_pixels.c works on it. */
typedef struct {
    uint8_t rate;         /* frames per second; 0: not subscribed */
    uint8_t started;      /* a frame has started since the subscription began */
    uint16_t next_pixel;  /* first pixel of the frame's next chunk; 0: between frames */
    uint32_t renewed_ms;  /* the PIXELS_SUB that made or renewed it: the lease runs from here */
    uint32_t frame_start; /* ms the current (or last) frame started */
} hb_pixel_sub;

/* Decoder error kinds, in the order the spec checks them. */
typedef enum {
    HB_ERR_OVERSIZE = 0,
    HB_ERR_COBS = 1,
    HB_ERR_RUNT = 2,
    HB_ERR_CRC = 3,
    HB_ERR_VERSION = 4,
    HB_ERR_KINDS = 5
} hb_decode_error;

/* The frame decoder's state (hb_frame.h, private, works on it). */
typedef struct {
    /* Encoded bytes since the last delimiter, decoded in place at the delimiter. */
    uint8_t buf[HB_MAX_ENCODED];
    uint16_t len;
    /* Set once more than HB_MAX_ENCODED bytes arrived: discard until the next 0x00. */
    uint8_t discarding;
    uint8_t last_error;
    uint32_t errors[HB_ERR_KINDS];
} hb_decoder;

/* Remembered answer to one SET (duplicate window). */
typedef struct {
    uint16_t seq;
    uint16_t state_gen; /* ACK, ACK_STATE: state_gen sent; unused for NACK */
    uint8_t nack;       /* 0: ACK or ACK_STATE, else the NACK code */
    uint8_t light;      /* ACK_STATE: the light it reported; HB_LIGHT_ALL: a plain ACK */
    hb_light_state st;  /* ACK_STATE: the state it reported, repeated as it was */
} hb_dup_entry;

#define HB_DUP_WINDOW 8u

typedef struct {
    const hb_board_cfg *cfg;
    hb_port port;
    hb_decoder dec;
    hb_light lights[HB_MAX_LIGHTS];
    hb_dup_entry dup[HB_DUP_WINDOW];
    uint8_t dup_count;
    uint8_t dup_next;
    /*
     * Per light, the seq of the last SET applied to it (uart-link.md section 4,
     * per-light ordering): bit i of last_valid says whether light i has one.
     */
    uint16_t last_seq[HB_MAX_LIGHTS];
    uint8_t last_valid;
    uint8_t fault[HB_MAX_LIGHTS];    /* HB_FAULT_* per light, as the board layer last judged its hardware */
    hb_pixel_sub pix[HB_MAX_LIGHTS]; /* live-view subscriptions (cleared at boot and on HELLO_REQ) */
    uint8_t pix_next;                /* the light the live view looks at first next time (round robin) */
    uint8_t failsafe_fired;
    uint8_t rebooting; /* REBOOT_REQ acknowledged: input is dropped until hb_core_init */
    uint16_t tx_seq;
    uint16_t state_gen;
    uint32_t boot_id;
    uint32_t boot_ms;
    uint32_t last_rx_ms;
    uint8_t tx[HB_MAX_WIRE];
    uint8_t pay[HB_MAX_PAYLOAD];
} hb_core;

/*
 * Boots the core: lights off, state_gen 0, empty duplicate window, no light
 * has a last applied SET seq; sends the
 * unsolicited HELLO. boot_id should be
 * random per boot. Returns 0, or -1 when cfg is unusable (no lights, more
 * than HB_MAX_LIGHTS, unknown kind, missing write callback).
 */
int hb_core_init(hb_core *c, const hb_board_cfg *cfg, const hb_port *port, uint32_t boot_id, uint32_t now);

/* Bytes from the link, any split. Answers go out through port.write before this returns. */
void hb_core_rx(hb_core *c, const uint8_t *data, size_t len, uint32_t now);

/*
 * Call periodically (every few ms to 100 ms): runs the failsafe timer and sends at most one PIXELS frame of the
 * live view when one is due and the transmitter is idle (port.tx_idle). A strip longer than one chunk takes one
 * call per chunk, so call it at least every 1000 / (rate * chunks) ms while hb_core_pixels_wait_ms says so.
 */
void hb_core_tick(hb_core *c, uint32_t now);

/* Ms until the live view has a PIXELS frame due (0: now); UINT32_MAX when no light is subscribed. */
uint32_t hb_core_pixels_wait_ms(const hb_core *c, uint32_t now);

/* A physical button toggled `light` on/off: applies it and reports STATE (cause button). */
void hb_core_button(hb_core *c, uint8_t light, uint32_t now);

/*
 * The board layer's verdict on light `light`'s hardware (HB_FAULT_NONE or HB_FAULT_OUTPUT_STUCK; call it as often
 * as it likes). A change moves state_gen and sends FAULT; the same verdict again sends nothing. A faulted light's
 * sync STATE is followed by its FAULT (uart-link.md section 3). Faults survive HELLO_REQ: the hardware is what it is.
 */
void hb_core_set_fault(hb_core *c, uint8_t light, uint8_t fault);

/* Sends a LOG frame; text is cut to what fits in one frame. */
void hb_core_log(hb_core *c, uint8_t level, const char *text, size_t len);

/*
 * Sends the info line "boot <boot id as 8 lower-case hex digits>" that a board logs right after its boot
 * HELLO, so people and tests see each boot in the board's log. For board layers without ESP_LOG (hilbridge-sim,
 * QEMU virt); the ESP32 layer logs the same words with ESP_LOGI, so they reach its console too.
 */
void hb_core_log_boot(hb_core *c);

/* The colour light `light` shows at `now` on pixel `pixel` (see hb_light_render). */
hb_rgb hb_core_render(const hb_core *c, uint8_t light, uint16_t pixel, uint32_t now);

#endif
