#include "hilbridge/hb_core.h"

#include "hilbridge/hb_frame.h"
#include "hilbridge/hb_light.h"
#include "hilbridge/hb_pixels.h"

/* ---------------------------------------------------------------- capabilities */

/* SET fields each kind accepts (uart-link.md, "Capability rules"). */
static uint8_t fields_of(uint8_t kind)
{
    switch (kind) {
    case HB_KIND_ONOFF:
        return HB_F_ON | HB_F_EFFECT;
    case HB_KIND_DIMMABLE:
        return HB_F_ON | HB_F_BRIGHTNESS | HB_F_TRANSITION | HB_F_EFFECT;
    default:
        return (uint8_t)HB_F_ALL;
    }
}

/* Effect bitmask (bit n = effect id n) each kind runs. */
static uint8_t effects_of(uint8_t kind)
{
    switch (kind) {
    case HB_KIND_ONOFF:
        return 1u << HB_EFFECT_BLINK;
    case HB_KIND_DIMMABLE:
        return (1u << HB_EFFECT_BLINK) | (1u << HB_EFFECT_BREATHE);
    default:
        return (1u << HB_EFFECT_BLINK) | (1u << HB_EFFECT_BREATHE) | (1u << HB_EFFECT_RAINBOW);
    }
}

/* ---------------------------------------------------------------- output */

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v & 0xFFu);
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++) {
        p[i] = (uint8_t)((v >> (8u * i)) & 0xFFu);
    }
}

/* Length byte + at most 15 bytes, no terminator. Returns the bytes written. */
static size_t put_str(uint8_t *p, const char *s)
{
    size_t n = 0;
    while (s != NULL && n < HB_MAX_STRING && s[n] != '\0') {
        p[1 + n] = (uint8_t)s[n];
        n++;
    }
    p[0] = (uint8_t)n;
    return n + 1;
}

/* Sends c->pay[0..len) as one frame of `type`. */
static void send(hb_core *c, uint8_t type, size_t len)
{
    size_t n = hb_frame_encode(c->tx, sizeof c->tx, type, c->tx_seq, c->pay, len);
    if (n != 0) {
        c->tx_seq++;
        c->port.write(c->port.ctx, c->tx, n);
    }
}

static void send_hello(hb_core *c)
{
    const hb_board_cfg *cfg = c->cfg;
    uint8_t *p = c->pay;
    size_t n = 0;
    p[n++] = HB_PROTO_VERSION;
    n += put_str(p + n, cfg->fw_version);
    put32(p + n, c->boot_id);
    n += 4;
    p[n++] = cfg->light_count;
    for (uint8_t i = 0; i < cfg->light_count; i++) {
        const hb_light_cfg *l = &cfg->lights[i];
        p[n++] = i;
        p[n++] = l->kind;
        put16(p + n, l->kind == HB_KIND_STRIP ? l->pixels : 1u);
        n += 2;
        p[n++] = effects_of(l->kind);
        n += put_str(p + n, l->name);
    }
    /* 1 + 16 + 4 + 1 + 8 * (5 + 16) = 190 <= HB_MAX_PAYLOAD */
    send(c, HB_T_HELLO, n);
}

/* on, brightness, colour, effect: a light's state as STATE and ACK_STATE carry it (6 bytes). */
static void put_look(uint8_t *p, const hb_light_state *s)
{
    p[0] = (uint8_t)(s->on | (s->pixels ? HB_STATE_PIXELS : 0u));
    p[1] = s->brightness;
    p[2] = s->color.r;
    p[3] = s->color.g;
    p[4] = s->color.b;
    p[5] = s->effect;
}

static void send_state(hb_core *c, uint8_t light, uint8_t cause, uint16_t state_gen)
{
    uint8_t *p = c->pay;
    p[0] = light;
    p[1] = cause;
    put_look(p + 2, &c->lights[light].st);
    put16(p + 8, state_gen);
    send(c, HB_T_STATE, 10);
}

static void send_fault(hb_core *c, uint8_t light)
{
    uint8_t *p = c->pay;
    p[0] = light;
    p[1] = c->fault[light];
    put16(p + 2, c->state_gen);
    send(c, HB_T_FAULT, 4);
}

static void send_nack(hb_core *c, uint16_t ack_seq, uint8_t code)
{
    put16(c->pay, ack_seq);
    c->pay[2] = code;
    send(c, HB_T_NACK, 3);
}

/* ---------------------------------------------------------------- state changes */

/*
 * Moves one light to `t` and, with `runs` (a checked SET_PIXELS's), to those per-pixel colours; when anything STATE
 * reports or the runs changed, bumps state_gen and returns 1. The board's own changes are reported at once; a
 * command's by the SET's answer (on_set), which depends on how many lights changed.
 */
static int change(hb_core *c, uint8_t light, const hb_light_state *t, const uint8_t *runs, uint16_t fade_ms,
                  uint8_t cause, uint32_t now)
{
    hb_light *l = &c->lights[light];
    if (!hb_light_state_differs(&l->st, t) && (runs == NULL || !hb_pixels_differ(l, runs))) {
        return 0;
    }
    if (runs != NULL) {
        hb_light_set_runs(l, t, runs, now);
    } else {
        hb_light_set(l, t, fade_ms, now);
    }
    c->state_gen++;
    if (c->port.light_changed != NULL) {
        c->port.light_changed(c->port.ctx, light, &l->st, l->fade_ms);
    }
    if (cause != HB_CAUSE_COMMAND) {
        send_state(c, light, cause, c->state_gen);
    }
    return 1;
}

/* ---------------------------------------------------------------- SET */

/*
 * 0 when the SET (or SET_PIXELS, `pixels` 1: its runs follow the SET part, length already checked) may be applied
 * to every light it addresses, else the NACK code, in the spec's order.
 */
static uint8_t check_set(const hb_core *c, const uint8_t *p, int pixels)
{
    uint8_t fields = p[1];
    if ((p[0] != HB_LIGHT_ALL || pixels) && p[0] >= c->cfg->light_count) {
        return HB_NACK_BAD_LIGHT; /* SET_PIXELS addresses one light: 0xFF is no light for it */
    }
    /* on and effect are checked even when their field bit is clear (uart-link.md, SET): the host sends 0. */
    if ((fields & ~HB_F_ALL) != 0 || p[2] > 1 || p[9] > HB_EFFECT_MAX) {
        return HB_NACK_OUT_OF_RANGE; /* reserved field bit, on > 1, unknown effect */
    }
    for (uint8_t i = 0; i < c->cfg->light_count; i++) {
        uint8_t kind = c->cfg->lights[i].kind;
        if ((p[0] == HB_LIGHT_ALL || p[0] == i) &&
            ((fields & ~fields_of(kind)) != 0 ||
             ((fields & HB_F_EFFECT) && p[9] != HB_EFFECT_NONE && !(effects_of(kind) & (1u << p[9]))))) {
            return HB_NACK_UNSUPPORTED;
        }
    }
    if (pixels) {
        const hb_light_cfg *l = &c->cfg->lights[p[0]];
        if (l->kind != HB_KIND_STRIP) {
            return HB_NACK_UNSUPPORTED;
        }
        return hb_pixels_check(p + HB_SET_PAYLOAD_LEN, l->pixels);
    }
    return 0;
}

/*
 * Serial-number arithmetic without signed casts: u = seq - last + 16384 (mod 2^16) is below 32768 exactly when
 * (int16_t)(seq - last) lies in -16384..16383, and in 1..16383 when it lies in -16383..-1.
 */
static uint16_t seq_offset(uint16_t seq, uint16_t last)
{
    return (uint16_t)(seq - last + 0x4000u);
}

/*
 * Ageing (uart-link.md section 4): a remembered seq the host's counter has moved 16384 or more away from
 * is forgotten, so the counter can never get half-way round past it and make a new SET look old.
 */
static void age_last_seqs(hb_core *c, uint16_t seq)
{
    for (uint8_t i = 0; i < c->cfg->light_count; i++) {
        if (seq_offset(seq, c->last_seq[i]) >= 0x8000u) {
            c->last_valid = (uint8_t)(c->last_valid & ~(1u << i));
        }
    }
}

/* A newer SET for this light was applied already: this one is superseded and must not put back its values. */
static int stale_for(const hb_core *c, uint8_t light, uint16_t seq)
{
    uint16_t u = seq_offset(seq, c->last_seq[light]);
    return (c->last_valid & (1u << light)) && u >= 1u && u < 0x4000u;
}

/* Applies a valid SET (a SET_PIXELS with `runs`, else NULL); returns the lights it changed (bit i = light i). */
static uint8_t apply_set(hb_core *c, const uint8_t *p, const uint8_t *runs, uint16_t seq, uint32_t now)
{
    uint8_t changed = 0;
    uint8_t fields = p[1];
    uint16_t fade = (fields & HB_F_TRANSITION) ? (uint16_t)(p[7] | ((unsigned)p[8] << 8)) : 0u;
    for (uint8_t i = 0; i < c->cfg->light_count; i++) {
        if ((p[0] != HB_LIGHT_ALL && p[0] != i) || stale_for(c, i, seq)) {
            continue;
        }
        c->last_seq[i] = seq;
        c->last_valid = (uint8_t)(c->last_valid | (1u << i));
        hb_light_state t = c->lights[i].st;
        if (fields & HB_F_ON) {
            t.on = p[2];
            if (!t.on) {
                t.effect = HB_EFFECT_NONE; /* switching off stops the effect... */
            }
        }
        if (fields & HB_F_BRIGHTNESS) {
            t.brightness = p[3];
        }
        if (fields & HB_F_COLOR) {
            t.color.r = p[4];
            t.color.g = p[5];
            t.color.b = p[6];
            t.pixels = 0; /* a colour for the whole light ends per-pixel colours */
        }
        if (fields & HB_F_EFFECT) {
            t.effect = p[9]; /* ...unless the same SET names one (LightState.apply on the Java side) */
        }
        if (runs != NULL) {
            t.pixels = 1;
        }
        if (change(c, i, &t, runs, fade, HB_CAUSE_COMMAND, now)) {
            changed = (uint8_t)(changed | (1u << i));
        }
    }
    return changed;
}

static hb_dup_entry *remember(hb_core *c, uint16_t seq, uint8_t nack)
{
    hb_dup_entry *e = &c->dup[c->dup_next];
    e->seq = seq;
    e->nack = nack;
    e->state_gen = c->state_gen;
    e->light = HB_LIGHT_ALL; /* a plain ACK unless on_set makes it an ACK_STATE */
    c->dup_next = (uint8_t)((c->dup_next + 1u) % HB_DUP_WINDOW);
    if (c->dup_count < HB_DUP_WINDOW) {
        c->dup_count++;
    }
    return e;
}

/* The answer to a SET, first or repeated: NACK, ACK, or ACK_STATE when it changed exactly one light. */
static void answer_set(hb_core *c, uint16_t seq, const hb_dup_entry *e)
{
    if (e->nack != 0) {
        send_nack(c, seq, e->nack);
        return;
    }
    put16(c->pay, seq);
    put16(c->pay + 2, e->state_gen);
    if (e->light == HB_LIGHT_ALL) {
        send(c, HB_T_ACK, 4);
        return;
    }
    c->pay[4] = e->light;
    put_look(c->pay + 5, &e->st);
    send(c, HB_T_ACK_STATE, 11);
}

/* SET_PIXELS: the SET part, run_count 1..HB_MAX_PIXEL_RUNS, and exactly that many runs. */
static int pixels_length_ok(const hb_frame *f)
{
    if (f->len < HB_SET_PAYLOAD_LEN + 1u + HB_PIXEL_RUN_LEN) {
        return 0;
    }
    uint8_t runs = f->payload[HB_SET_PAYLOAD_LEN];
    return runs >= 1u && runs <= HB_MAX_PIXEL_RUNS && f->len == HB_SET_PAYLOAD_LEN + 1u + runs * HB_PIXEL_RUN_LEN;
}

/* SET and SET_PIXELS (uart-link.md section 4: a SET_PIXELS is a SET in every rule). */
static void on_set(hb_core *c, const hb_frame *f, uint32_t now)
{
    for (uint8_t i = 0; i < c->dup_count; i++) {
        if (c->dup[i].seq == f->seq) { /* indexed, not through a pointer: UBSan's bounds check guards the window */
            /* A retransmission: answer as before (the same ACK_STATE too), change nothing. */
            answer_set(c, f->seq, &c->dup[i]);
            return;
        }
    }
    int pixels = f->type == HB_T_SET_PIXELS;
    if (pixels ? !pixels_length_ok(f) : f->len != HB_SET_PAYLOAD_LEN) {
        /* Almost always line corruption (uart-link.md section 2): not remembered, so the retransmission counts. */
        send_nack(c, f->seq, HB_NACK_MALFORMED);
        return;
    }
    uint16_t gen = c->state_gen;
    uint8_t nack = check_set(c, f->payload, pixels);
    const uint8_t *runs = pixels ? f->payload + HB_SET_PAYLOAD_LEN : NULL;
    uint8_t changed = nack == 0 ? apply_set(c, f->payload, runs, f->seq, now) : 0u;
    hb_dup_entry *e = remember(c, f->seq, nack);
    /* uart-link.md section 4, dispatch: the answer depends on how many lights changed. */
    for (uint8_t i = 0; i < c->cfg->light_count; i++) {
        if (changed == (1u << i)) {
            e->light = i; /* the only one: its STATE and the ACK in one ACK_STATE, remembered for a repeat */
            e->st = c->lights[i].st;
        } else if (changed & (1u << i)) {
            send_state(c, i, HB_CAUSE_COMMAND, ++gen); /* several: a STATE each, with the gen after its change */
        }
    }
    answer_set(c, f->seq, e);
}

/* ---------------------------------------------------------------- dispatch */

static void dispatch(hb_core *c, const hb_frame *f, uint32_t now)
{
    c->last_rx_ms = now;
    c->failsafe_fired = 0;
    uint8_t want_len;
    switch (f->type) {
    case HB_T_SET:
    case HB_T_SET_PIXELS:
        age_last_seqs(c, f->seq); /* before judging this SET, which carries the host's counter */
        on_set(c, f, now);
        return;
    case HB_T_HELLO_REQ:
    case HB_T_PING:
    case HB_T_REBOOT_REQ:
        want_len = 0;
        break;
    case HB_T_STATE_REQ:
        want_len = 1;
        break;
    case HB_T_PIXELS_SUB: {
        age_last_seqs(c, f->seq);
        /* Idempotent: answered, never remembered in the duplicate window (uart-link.md, PIXELS_SUB). */
        uint8_t nack = hb_pixels_subscribe(c, f->payload, f->len, now);
        if (nack != 0) {
            send_nack(c, f->seq, nack);
            return;
        }
        put16(c->pay, f->seq);
        put16(c->pay + 2, c->state_gen);
        send(c, HB_T_ACK, 4);
        return;
    }
    default:
        send_nack(c, f->seq, HB_NACK_UNKNOWN_TYPE);
        return;
    }
    age_last_seqs(c, f->seq);
    if (f->len != want_len) {
        send_nack(c, f->seq, HB_NACK_MALFORMED);
        return;
    }
    if (f->type == HB_T_HELLO_REQ) {
        c->dup_count = 0; /* a new host session starts its sequence numbers anew */
        c->dup_next = 0;
        c->last_valid = 0;  /* and its per-light ordering too */
        hb_pixels_clear(c); /* and subscribes anew if it wants the live view */
        send_hello(c);
    } else if (f->type == HB_T_REBOOT_REQ) {
        /* uart-link.md section 4, "Reboot on request": ACK first, then the board layer restarts. */
        if (c->port.reboot == NULL) {
            send_nack(c, f->seq, HB_NACK_UNKNOWN_TYPE); /* as firmware without this message answers */
            return;
        }
        put16(c->pay, f->seq);
        put16(c->pay + 2, c->state_gen);
        send(c, HB_T_ACK, 4);
        c->rebooting = 1;
        c->port.reboot(c->port.ctx);
    } else if (f->type == HB_T_PING) {
        put16(c->pay, f->seq);
        put16(c->pay + 2, c->state_gen);
        put32(c->pay + 4, now - c->boot_ms);
        send(c, HB_T_PONG, 8);
    } else {
        uint8_t light = f->payload[0];
        if (light != HB_LIGHT_ALL && light >= c->cfg->light_count) {
            send_nack(c, f->seq, HB_NACK_BAD_LIGHT);
            return;
        }
        for (uint8_t i = 0; i < c->cfg->light_count; i++) {
            if (light == HB_LIGHT_ALL || light == i) {
                send_state(c, i, HB_CAUSE_SYNC, c->state_gen);
                if (c->fault[i] != HB_FAULT_NONE) {
                    send_fault(c, i); /* right after its STATE: the host takes a STATE without one as "no fault" */
                }
            }
        }
    }
}

/* ---------------------------------------------------------------- public */

int hb_core_init(hb_core *c, const hb_board_cfg *cfg, const hb_port *port, uint32_t boot_id, uint32_t now)
{
    if (cfg == NULL || port == NULL || port->write == NULL || cfg->lights == NULL || cfg->light_count == 0 ||
        cfg->light_count > HB_MAX_LIGHTS) {
        return -1;
    }
    for (uint8_t i = 0; i < cfg->light_count; i++) {
        if (cfg->lights[i].kind > HB_KIND_STRIP) {
            return -1;
        }
    }
    c->cfg = cfg;
    c->port = *port;
    hb_decoder_init(&c->dec);
    c->dup_count = 0;
    c->dup_next = 0;
    c->last_valid = 0; /* last_seq[] is read only where its bit is set */
    c->failsafe_fired = 0;
    c->rebooting = 0;
    c->tx_seq = 0;
    c->state_gen = 0;
    c->boot_id = boot_id;
    c->boot_ms = now;
    c->last_rx_ms = now;
    for (uint8_t i = 0; i < cfg->light_count; i++) {
        hb_light_reset(&c->lights[i]);
        c->fault[i] = HB_FAULT_NONE;
    }
    hb_pixels_clear(c);
    /* The HELLO announces the boot; the host asks for the lights with STATE_REQ (uart-link.md section 5). */
    send_hello(c);
    return 0;
}

void hb_core_rx(hb_core *c, const uint8_t *data, size_t len, uint32_t now)
{
    hb_frame f;
    for (size_t i = 0; i < len && !c->rebooting; i++) {
        if (hb_decoder_push(&c->dec, data[i], &f) == HB_DEC_FRAME) {
            dispatch(c, &f, now);
        }
    }
}

/* Answers first (uart-link.md): a PIXELS frame goes out only onto an idle transmitter, one per tick. */
static void send_pixels(hb_core *c, uint32_t now)
{
    if (c->port.tx_idle != NULL && !c->port.tx_idle(c->port.ctx)) {
        return;
    }
    size_t n = hb_pixels_next_chunk(c, now);
    if (n != 0) {
        send(c, HB_T_PIXELS, n);
    }
}

void hb_core_tick(hb_core *c, uint32_t now)
{
    if (!c->rebooting) {
        send_pixels(c, now);
    }
    if (c->cfg->failsafe_ms == 0 || c->failsafe_fired || now - c->last_rx_ms < c->cfg->failsafe_ms) {
        return;
    }
    c->failsafe_fired = 1;
    if (c->cfg->failsafe_action == HB_FAILSAFE_RESTORE) {
        hb_light boot;
        hb_light_reset(&boot);
        for (uint8_t i = 0; i < c->cfg->light_count; i++) {
            (void)change(c, i, &boot.st, NULL, 0, HB_CAUSE_FAILSAFE, now);
        }
    }
    if (c->port.failsafe != NULL) {
        c->port.failsafe(c->port.ctx);
    }
}

void hb_core_button(hb_core *c, uint8_t light, uint32_t now)
{
    if (light >= c->cfg->light_count) {
        return;
    }
    hb_light_state t = c->lights[light].st;
    t.on = (uint8_t)!t.on;
    if (!t.on) {
        t.effect = HB_EFFECT_NONE;
    }
    (void)change(c, light, &t, NULL, 0, HB_CAUSE_BUTTON, now);
}

void hb_core_set_fault(hb_core *c, uint8_t light, uint8_t fault)
{
    if (light >= c->cfg->light_count || c->fault[light] == fault) {
        return;
    }
    c->fault[light] = fault;
    c->state_gen++; /* a fault change is a change of the light (uart-link.md section 3) */
    send_fault(c, light);
}

void hb_core_log(hb_core *c, uint8_t level, const char *text, size_t len)
{
    size_t n = len < HB_MAX_PAYLOAD - 1u ? len : HB_MAX_PAYLOAD - 1u;
    c->pay[0] = level;
    for (size_t i = 0; i < n; i++) {
        c->pay[1 + i] = (uint8_t)text[i];
    }
    send(c, HB_T_LOG, n + 1);
}

void hb_core_log_boot(hb_core *c)
{
    char text[13] = "boot ";
    for (unsigned i = 0; i < 8u; i++) {
        unsigned d = (unsigned)(c->boot_id >> (28u - 4u * i)) & 0xFu;
        text[5u + i] = (char)(d < 10u ? '0' + d : 'a' + d - 10u);
    }
    hb_core_log(c, HB_LOG_INFO, text, sizeof text);
}

hb_rgb hb_core_render(const hb_core *c, uint8_t light, uint16_t pixel, uint32_t now)
{
    if (light >= c->cfg->light_count) {
        hb_rgb black = {0, 0, 0};
        return black;
    }
    const hb_light_cfg *l = &c->cfg->lights[light];
    return hb_light_render(&c->lights[light], pixel, l->kind == HB_KIND_STRIP ? l->pixels : 1u, now);
}

uint32_t hb_core_pixels_wait_ms(const hb_core *c, uint32_t now)
{
    return hb_pixels_wait_ms(c, now);
}
