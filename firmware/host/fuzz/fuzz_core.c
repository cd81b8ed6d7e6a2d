/*
 * libFuzzer target: arbitrary link bytes into the decoder and dispatcher of a
 * default board, then a button press, the failsafe and a render of every
 * pixel. Built with clang -fsanitize=fuzzer,address,undefined (build-and-test.sh).
 *
 * Beyond "no crash", it checks what the spec promises: every write is exactly
 * one well-formed frame, state stays in range and within the light's
 * capabilities, every SET (and PIXELS_SUB) is answered by exactly one ACK,
 * ACK_STATE or NACK, and every PIXELS chunk the live view sends fits its light.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "default_board.h"
#include "hilbridge/hb_core.h"
#include "hilbridge/hb_frame.h"

typedef struct {
    hb_decoder dec;
    size_t answers; /* ACK, ACK_STATE and NACK frames written */
} sink;

static void check(int ok)
{
    if (!ok) {
        abort();
    }
}

/* A PIXELS chunk (uart-link.md, PIXELS): a light of the default board, 1..64 pixels inside it, exact length. */
static void check_pixels(const hb_frame *f)
{
    check(f->len >= HB_PIXELS_HEAD_LEN);
    uint8_t light = f->payload[0];
    uint16_t first = (uint16_t)(f->payload[1] | (f->payload[2] << 8));
    uint8_t count = f->payload[3];
    check(light < HB_DEFAULT_LIGHT_COUNT);
    uint16_t pixels = hb_default_lights[light].kind == HB_KIND_STRIP ? hb_default_lights[light].pixels : 1u;
    check(count >= 1 && count <= HB_PIXELS_MAX_CHUNK && first + count <= pixels);
    check(f->len == HB_PIXELS_HEAD_LEN + 3u * count);
}

static void sink_write(void *ctx, const uint8_t *data, size_t len)
{
    sink *s = ctx;
    int frames = 0;
    check(len >= 2 && len <= HB_MAX_WIRE && data[0] == 0 && data[len - 1] == 0);
    for (size_t i = 0; i < len; i++) {
        hb_frame f;
        hb_dec_result r = hb_decoder_push(&s->dec, data[i], &f);
        check(r != HB_DEC_ERROR);
        if (r == HB_DEC_FRAME) {
            frames++;
            check(f.len <= HB_MAX_PAYLOAD);
            if (f.type == HB_T_ACK || f.type == HB_T_ACK_STATE || f.type == HB_T_NACK) {
                s->answers++;
            }
            if (f.type == HB_T_PIXELS) {
                check_pixels(&f);
            }
        }
    }
    check(frames == 1);
}

/* How many ACK/ACK_STATE/NACK frames the spec demands for this input (a reference model of the dispatcher). */
static size_t expected_answers(const uint8_t *data, size_t size, uint8_t light_count)
{
    hb_decoder d;
    hb_frame f;
    size_t n = 0;
    hb_decoder_init(&d);
    for (size_t i = 0; i < size; i++) {
        if (hb_decoder_push(&d, data[i], &f) != HB_DEC_FRAME) {
            continue;
        }
        switch (f.type) {
        case HB_T_HELLO_REQ:
        case HB_T_PING:
            n += f.len != 0;
            break;
        case HB_T_STATE_REQ:
            n += f.len != 1 || (f.payload[0] != HB_LIGHT_ALL && f.payload[0] >= light_count);
            break;
        default:
            n++; /* SET (ACK, ACK_STATE or NACK) and every other type (NACK) */
            break;
        }
    }
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static hb_core core;
    hb_board_cfg cfg = hb_default_board();
    cfg.failsafe_ms = 1000;
    cfg.failsafe_action = HB_FAILSAFE_RESTORE;
    sink s;
    memset(&s, 0, sizeof s);
    hb_decoder_init(&s.dec);
    hb_port port = {&s, sink_write, NULL, NULL, NULL, NULL};
    check(hb_core_init(&core, &cfg, &port, 0xC0FFEE01u, 0) == 0);

    /* Feed in uneven chunks so frames straddle reads. */
    size_t pos = 0;
    uint32_t now = 1;
    while (pos < size) {
        size_t chunk = 1 + (pos * 7 + size) % 37;
        if (chunk > size - pos) {
            chunk = size - pos;
        }
        hb_core_rx(&core, data + pos, chunk, now);
        hb_core_tick(&core, now); /* the live view, when a PIXELS_SUB in the input subscribed */
        pos += chunk;
        now += 3;
    }
    check(s.answers == expected_answers(data, size, cfg.light_count));

    for (uint8_t i = 0; i < cfg.light_count; i++) {
        const hb_light_state *st = &core.lights[i].st;
        check(st->on <= 1);
        check(st->effect <= HB_EFFECT_MAX);
        if (cfg.lights[i].kind == HB_KIND_ONOFF) {
            check(st->brightness == 255 && st->color.r == 255 && st->color.g == 255 && st->color.b == 255);
            check(st->effect == HB_EFFECT_NONE || st->effect == HB_EFFECT_BLINK);
        }
        if (cfg.lights[i].kind == HB_KIND_DIMMABLE) {
            check(st->color.r == 255 && st->color.g == 255 && st->color.b == 255);
            check(st->effect != HB_EFFECT_RAINBOW);
        }
    }
    hb_core_button(&core, size > 0 ? data[0] : 0, now);
    hb_core_tick(&core, now + 5000);
    for (uint8_t i = 0; i < cfg.light_count; i++) {
        uint16_t pixels = cfg.lights[i].kind == HB_KIND_STRIP ? cfg.lights[i].pixels : 1;
        for (uint16_t p = 0; p < pixels; p++) {
            (void)hb_core_render(&core, i, p, now + (uint32_t)size * 97u);
        }
    }
    return 0;
}
