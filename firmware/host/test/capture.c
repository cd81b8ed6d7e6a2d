#include "capture.h"

#include "hilbridge/hb_frame.h"

#include <string.h>

static void cap_write(void *ctx, const uint8_t *data, size_t len)
{
    capture *cap = ctx;
    size_t frames = 0;
    if (len < 2 || data[0] != 0 || data[len - 1] != 0) {
        cap->bad_writes++;
    }
    for (size_t i = 0; i < len; i++) {
        hb_frame f;
        if (hb_decoder_push(&cap->dec, data[i], &f) == HB_DEC_FRAME) {
            frames++;
            if (cap->count < CAP_MAX_FRAMES) {
                cap_frame *o = &cap->frames[cap->count++];
                o->type = f.type;
                o->seq = f.seq;
                o->len = f.len;
                memcpy(o->payload, f.payload, f.len);
            }
            cap->total++;
        }
    }
    if (frames != 1) {
        cap->bad_writes++;
    }
}

static void cap_changed(void *ctx, uint8_t light, const hb_light_state *st, uint16_t fade_ms)
{
    capture *cap = ctx;
    (void)st;
    cap->changed_calls++;
    cap->last_changed_light = light;
    cap->last_fade_ms = fade_ms;
}

static void cap_failsafe(void *ctx)
{
    capture *cap = ctx;
    cap->failsafe_calls++;
}

static void cap_reboot(void *ctx)
{
    capture *cap = ctx;
    cap->reboot_calls++;
}

void cap_init(capture *cap, hb_port *port)
{
    memset(cap, 0, sizeof *cap);
    hb_decoder_init(&cap->dec);
    port->ctx = cap;
    port->write = cap_write;
    port->light_changed = cap_changed;
    port->failsafe = cap_failsafe;
    port->reboot = cap_reboot;
    port->tx_idle = NULL; /* always idle, like a pty */
}

void cap_clear(capture *cap)
{
    cap->count = 0;
}

void cap_send(hb_core *c, uint8_t type, uint16_t seq, const uint8_t *payload, size_t len, uint32_t now)
{
    uint8_t wire[HB_MAX_WIRE];
    size_t n = hb_frame_encode(wire, sizeof wire, type, seq, payload, len);
    hb_core_rx(c, wire, n, now);
}

void set_payload(uint8_t out[10], uint8_t light, uint8_t fields, uint8_t on, uint8_t bri, uint8_t r, uint8_t g,
                 uint8_t b, uint16_t transition, uint8_t effect)
{
    out[0] = light;
    out[1] = fields;
    out[2] = on;
    out[3] = bri;
    out[4] = r;
    out[5] = g;
    out[6] = b;
    out[7] = (uint8_t)(transition & 0xFF);
    out[8] = (uint8_t)(transition >> 8);
    out[9] = effect;
}

uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
