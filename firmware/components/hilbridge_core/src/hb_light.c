#include "hilbridge/hb_light.h"

#include "hilbridge/hb_proto.h"

static uint8_t scale8(uint8_t v, uint8_t by)
{
    return (uint8_t)(((unsigned)v * by + 127u) / 255u);
}

static hb_rgb scale(hb_rgb c, uint8_t by)
{
    hb_rgb o = {scale8(c.r, by), scale8(c.g, by), scale8(c.b, by)};
    return o;
}

/* from + (to - from) * t / span, for 0 <= t < span (span <= 65535, so no overflow). */
static uint8_t mix8(uint8_t from, uint8_t to, uint32_t t, uint32_t span)
{
    int32_t d = (int32_t)to - (int32_t)from;
    return (uint8_t)((int32_t)from + d * (int32_t)t / (int32_t)span);
}

void hb_light_reset(hb_light *l)
{
    l->st.on = 0;
    l->st.brightness = 255;
    l->st.color.r = 255;
    l->st.color.g = 255;
    l->st.color.b = 255;
    l->st.effect = HB_EFFECT_NONE;
    l->fade_from.r = 0;
    l->fade_from.g = 0;
    l->fade_from.b = 0;
    l->fade_ms = 0;
    l->fade_start = 0;
    l->effect_start = 0;
    l->st.pixels = 0;
    l->run_count = 0;
}

int hb_light_state_differs(const hb_light_state *a, const hb_light_state *b)
{
    return a->on != b->on || a->brightness != b->brightness || a->color.r != b->color.r || a->color.g != b->color.g ||
           a->color.b != b->color.b || a->effect != b->effect || a->pixels != b->pixels;
}

/*
 * The colour of `pixel` in the light's runs. A checked SET_PIXELS covers every pixel of the strip, so the last run
 * needs no end check (a pixel past the strip, which nobody renders, takes its colour too).
 */
static hb_rgb run_color(const hb_light *l, uint16_t pixel)
{
    uint32_t end = 0;
    uint8_t i = 0;
    for (; i + 1u < l->run_count; i++) {
        end += l->runs[i].count;
        if (pixel < end) {
            break;
        }
    }
    return l->runs[i].color;
}

/* Target colour of `pixel` at brightness, or black when off: the end point of a fade. */
static hb_rgb base_target(const hb_light *l, uint16_t pixel)
{
    hb_rgb black = {0, 0, 0};
    const hb_light_state *s = &l->st;
    return s->on ? scale(s->pixels ? run_color(l, pixel) : s->color, s->brightness) : black;
}

/* The faded base colour of `pixel` at `now`, before any effect. */
static hb_rgb base_now(const hb_light *l, uint16_t pixel, uint32_t now)
{
    hb_rgb to = base_target(l, pixel);
    uint32_t t = now - l->fade_start;
    if (t >= l->fade_ms) { /* also no fade at all: fade_ms 0 */
        return to;
    }
    hb_rgb o = {mix8(l->fade_from.r, to.r, t, l->fade_ms), mix8(l->fade_from.g, to.g, t, l->fade_ms),
                mix8(l->fade_from.b, to.b, t, l->fade_ms)};
    return o;
}

static void set_light(hb_light *l, const hb_light_state *target, const uint8_t *runs, uint16_t fade_ms, uint32_t now)
{
    if (l->st.pixels || target->pixels) {
        fade_ms = 0; /* a fade between patterns is not defined (uart-link.md, SET_PIXELS) */
    }
    l->fade_from = base_now(l, 0, now);
    l->fade_start = now;
    l->fade_ms = fade_ms;
    if (target->effect != l->st.effect) {
        l->effect_start = now;
    }
    l->st = *target;
    if (runs != NULL) {
        l->run_count = runs[0];
        for (uint8_t i = 0; i < l->run_count; i++) {
            const uint8_t *r = runs + 1u + (unsigned)i * HB_PIXEL_RUN_LEN;
            l->runs[i].count = r[0];
            l->runs[i].color.r = r[1];
            l->runs[i].color.g = r[2];
            l->runs[i].color.b = r[3];
        }
    } else if (!target->pixels) {
        l->run_count = 0;
    }
}

void hb_light_set(hb_light *l, const hb_light_state *target, uint16_t fade_ms, uint32_t now)
{
    set_light(l, target, NULL, fade_ms, now);
}

void hb_light_set_runs(hb_light *l, const hb_light_state *target, const uint8_t *runs, uint32_t now)
{
    set_light(l, target, runs, 0, now);
}

uint8_t hb_pixels_check(const uint8_t *runs, uint16_t pixels)
{
    uint32_t sum = 0;
    for (uint8_t i = 0; i < runs[0]; i++) {
        uint8_t count = runs[1u + (unsigned)i * HB_PIXEL_RUN_LEN];
        if (count == 0) {
            return HB_NACK_OUT_OF_RANGE;
        }
        sum += count;
    }
    return sum == pixels ? 0u : (uint8_t)HB_NACK_OUT_OF_RANGE;
}

int hb_pixels_differ(const hb_light *l, const uint8_t *runs)
{
    if (l->run_count != runs[0]) { /* a light without per-pixel colours has run_count 0 */
        return 1;
    }
    for (uint8_t i = 0; i < l->run_count; i++) {
        const uint8_t *r = runs + 1u + (unsigned)i * HB_PIXEL_RUN_LEN;
        const hb_pixel_run *have = &l->runs[i];
        if (have->count != r[0] || have->color.r != r[1] || have->color.g != r[2] || have->color.b != r[3]) {
            return 1;
        }
    }
    return 0;
}

hb_rgb hb_hue(uint8_t hue, uint8_t v)
{
    unsigned region = hue / 43u;
    uint8_t up = (uint8_t)((hue - region * 43u) * 6u); /* 0..252 */
    uint8_t down = (uint8_t)(255u - up);
    hb_rgb c;
    /* One row per sixth of the colour wheel: the columns show which channel rises or falls. */
    /* clang-format off */
    switch (region) {
    case 0: c.r = 255; c.g = up; c.b = 0; break;
    case 1: c.r = down; c.g = 255; c.b = 0; break;
    case 2: c.r = 0; c.g = 255; c.b = up; break;
    case 3: c.r = 0; c.g = down; c.b = 255; break;
    case 4: c.r = up; c.g = 0; c.b = 255; break;
    default: c.r = 255; c.g = 0; c.b = down; break;
    }
    /* clang-format on */
    return scale(c, v);
}

static uint8_t max3(hb_rgb c)
{
    uint8_t m = c.r > c.g ? c.r : c.g;
    return m > c.b ? m : c.b;
}

hb_rgb hb_light_render(const hb_light *l, uint16_t pixel, uint16_t pixels, uint32_t now)
{
    hb_rgb c = base_now(l, pixel, now);
    if (!l->st.on) {
        return c; /* effects run only while on; a fade to off still plays out */
    }
    uint32_t t = now - l->effect_start;
    switch (l->st.effect) {
    case HB_EFFECT_BLINK:
        if ((t / HB_BLINK_HALF_MS) & 1u) {
            c.r = c.g = c.b = 0;
        }
        break;
    case HB_EFFECT_BREATHE: {
        /* Triangle 0..255..0, squared so the dim end lingers like a breath. */
        uint32_t p = (t % HB_BREATHE_PERIOD_MS) * 510u / HB_BREATHE_PERIOD_MS;
        uint32_t tri = p <= 255u ? p : 510u - p;
        c = scale(c, (uint8_t)(tri * tri / 255u));
        break;
    }
    case HB_EFFECT_RAINBOW: {
        uint32_t phase = (t % HB_RAINBOW_PERIOD_MS) * 256u / HB_RAINBOW_PERIOD_MS;
        uint32_t offset = pixels > 1 ? (uint32_t)pixel * 256u / pixels : 0u;
        c = hb_hue((uint8_t)((phase + offset) & 0xFFu), max3(c));
        break;
    }
    default:
        break;
    }
    return c;
}
