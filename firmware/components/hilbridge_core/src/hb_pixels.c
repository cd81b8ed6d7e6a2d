#include "hilbridge/hb_pixels.h"

#include "hilbridge/hb_proto.h"

static uint16_t pixels_of(const hb_core *c, uint8_t light)
{
    const hb_light_cfg *l = &c->cfg->lights[light];
    return l->kind == HB_KIND_STRIP ? l->pixels : 1u;
}

/* The lease (uart-link.md, PIXELS_SUB): a host that stopped renewing leaves the board streaming for at most this. */
static int lapsed(const hb_pixel_sub *s, uint32_t now)
{
    return now - s->renewed_ms >= HB_PIXELS_LEASE_MS;
}

static uint32_t period_ms(const hb_pixel_sub *s)
{
    return 1000u / s->rate;
}

/* Ms until this light's next chunk is due; UINT32_MAX when it is not subscribed (or its lease ran out). */
static uint32_t wait_of(const hb_pixel_sub *s, uint32_t now)
{
    if (s->rate == 0 || lapsed(s, now)) {
        return UINT32_MAX;
    }
    if (!s->started || s->next_pixel != 0) {
        return 0; /* a first frame, or the rest of one already started */
    }
    uint32_t since = now - s->frame_start;
    return since >= period_ms(s) ? 0u : period_ms(s) - since;
}

void hb_pixels_clear(hb_core *c)
{
    for (uint8_t i = 0; i < HB_MAX_LIGHTS; i++) {
        c->pix[i].rate = 0;
    }
    c->pix_next = 0;
}

uint8_t hb_pixels_subscribe(hb_core *c, const uint8_t *payload, size_t len, uint32_t now)
{
    if (len != HB_PIXELS_SUB_LEN) {
        return HB_NACK_MALFORMED;
    }
    uint8_t light = payload[0];
    uint8_t rate = payload[1];
    if (light != HB_LIGHT_ALL && light >= c->cfg->light_count) {
        return HB_NACK_BAD_LIGHT;
    }
    if (rate > HB_PIXELS_MAX_RATE) {
        return HB_NACK_OUT_OF_RANGE;
    }
    for (uint8_t i = 0; i < c->cfg->light_count; i++) {
        if (light != HB_LIGHT_ALL && light != i) {
            continue;
        }
        hb_pixel_sub *s = &c->pix[i];
        if (s->rate == 0 || lapsed(s, now)) {
            s->started = 0; /* a new subscription: its first frame is due at once */
            s->next_pixel = 0;
        }
        s->rate = rate;
        s->renewed_ms = now;
    }
    return 0;
}

size_t hb_pixels_next_chunk(hb_core *c, uint32_t now)
{
    uint8_t n = c->cfg->light_count;
    for (uint8_t k = 0; k < n; k++) {
        uint8_t light = (uint8_t)((c->pix_next + k) % n);
        hb_pixel_sub *s = &c->pix[light];
        if (s->rate != 0 && lapsed(s, now)) {
            s->rate = 0; /* the host stopped renewing: the subscription ends by itself */
        }
        if (wait_of(s, now) != 0) {
            continue;
        }
        if (s->next_pixel == 0) {
            s->started = 1;
            s->frame_start = now; /* a late frame is not caught up: the next one counts from here */
        }
        uint16_t total = pixels_of(c, light);
        uint16_t first = s->next_pixel;
        uint16_t left = (uint16_t)(total - first);
        uint16_t count = left < HB_PIXELS_CHUNK ? left : (uint16_t)HB_PIXELS_CHUNK;
        uint8_t *p = c->pay;
        p[0] = light;
        p[1] = (uint8_t)(first & 0xFFu);
        p[2] = (uint8_t)(first >> 8);
        p[3] = (uint8_t)count;
        for (uint16_t i = 0; i < count; i++) {
            /* What the pixel shows: the renderer that drives the LEDs, effects and fades included. */
            hb_rgb px = hb_core_render(c, light, (uint16_t)(first + i), now);
            p[HB_PIXELS_HEAD_LEN + 3u * i] = px.r;
            p[HB_PIXELS_HEAD_LEN + 3u * i + 1u] = px.g;
            p[HB_PIXELS_HEAD_LEN + 3u * i + 2u] = px.b;
        }
        s->next_pixel = count < left ? (uint16_t)(first + count) : 0u;
        if (s->next_pixel == 0) {
            c->pix_next = (uint8_t)((light + 1u) % n); /* frame done: the next light goes first */
        } else {
            c->pix_next = light; /* finish this frame first */
        }
        return HB_PIXELS_HEAD_LEN + 3u * count;
    }
    return 0;
}

uint32_t hb_pixels_wait_ms(const hb_core *c, uint32_t now)
{
    uint32_t best = UINT32_MAX;
    for (uint8_t i = 0; i < c->cfg->light_count; i++) {
        uint32_t w = wait_of(&c->pix[i], now);
        best = w < best ? w : best;
    }
    return best;
}
