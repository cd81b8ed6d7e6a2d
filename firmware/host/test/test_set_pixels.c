/* SET_PIXELS on the board: per-pixel colours as runs (uart-link.md section 3, SET_PIXELS), rule by rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "capture.h"
#include "default_board.h"

#define BOOT_MS 5000u
#define STRIP 3u /* the default board's strip, HB_DEFAULT_STRIP_PIXELS pixels */

typedef struct {
    hb_board_cfg cfg;
    hb_port port;
    capture cap;
    hb_core core;
} fixture;

static int setup_with(void **state, uint32_t failsafe_ms, uint8_t action)
{
    static fixture fx;
    memset(&fx, 0, sizeof fx);
    fx.cfg = hb_default_board();
    fx.cfg.failsafe_ms = failsafe_ms;
    fx.cfg.failsafe_action = action;
    cap_init(&fx.cap, &fx.port);
    assert_int_equal(hb_core_init(&fx.core, &fx.cfg, &fx.port, 0x12345678u, BOOT_MS), 0);
    *state = &fx;
    return 0;
}

static int setup(void **state)
{
    return setup_with(state, 0, HB_FAILSAFE_KEEP);
}

static int setup_failsafe_restore(void **state)
{
    return setup_with(state, 3000, HB_FAILSAFE_RESTORE);
}

static int teardown(void **state)
{
    fixture *fx = *state;
    assert_int_equal(fx->cap.bad_writes, 0);
    return 0;
}

/* A SET_PIXELS payload: the SET part, then `runs` runs; run i has counts[i] pixels of grey level 10 * (i + 1). */
static size_t pixels_payload(uint8_t *p, uint8_t light, uint8_t fields, uint8_t on, uint8_t bri, uint8_t runs,
                             const uint8_t *counts)
{
    set_payload(p, light, fields, on, bri, 0, 0, 0, 0, 0);
    p[HB_SET_PAYLOAD_LEN] = runs;
    for (uint8_t i = 0; i < runs; i++) {
        uint8_t *r = p + HB_SET_PAYLOAD_LEN + 1u + (size_t)i * HB_PIXEL_RUN_LEN;
        r[0] = counts[i];
        r[1] = r[2] = r[3] = (uint8_t)(10u * (i + 1u));
    }
    return HB_SET_PAYLOAD_LEN + 1u + (size_t)runs * HB_PIXEL_RUN_LEN;
}

static void send_raw(fixture *fx, uint8_t type, uint16_t seq, const uint8_t *p, size_t len, uint32_t now)
{
    cap_clear(&fx->cap);
    cap_send(&fx->core, type, seq, p, len, now);
}

/* Three runs over the 8-pixel strip: 3 pixels of grey 10, 4 of grey 20, 1 of grey 30. */
static const uint8_t THREE_RUNS[] = {3, 4, 1};

static void send_three_runs(fixture *fx, uint16_t seq, uint8_t fields, uint8_t on)
{
    uint8_t p[HB_MAX_PAYLOAD];
    size_t n = pixels_payload(p, STRIP, fields, on, 255, 3, THREE_RUNS);
    send_raw(fx, HB_T_SET_PIXELS, seq, p, n, BOOT_MS + 10);
}

static void assert_ack_state_look(const cap_frame *f, uint16_t seq, uint16_t gen, uint8_t on_byte)
{
    assert_int_equal(f->type, HB_T_ACK_STATE);
    assert_int_equal(le16(f->payload), seq);
    assert_int_equal(le16(f->payload + 2), gen);
    assert_int_equal(f->payload[4], STRIP);
    assert_int_equal(f->payload[5], on_byte);
}

static void assert_nack(const cap_frame *f, uint16_t seq, uint8_t code)
{
    assert_int_equal(f->type, HB_T_NACK);
    assert_int_equal(le16(f->payload), seq);
    assert_int_equal(f->payload[2], code);
}

static void assert_pixel(fixture *fx, uint16_t pixel, uint8_t grey)
{
    hb_rgb c = hb_core_render(&fx->core, STRIP, pixel, BOOT_MS + 20);
    assert_int_equal(c.r, grey);
    assert_int_equal(c.g, grey);
    assert_int_equal(c.b, grey);
}

static void test_runs_paint_the_strip_and_set_the_pixels_flag(void **state)
{
    fixture *fx = *state;
    send_three_runs(fx, 1, HB_F_ON, 1);
    assert_int_equal(fx->cap.count, 1);
    assert_ack_state_look(&fx->cap.frames[0], 1, 1, HB_STATE_ON | HB_STATE_PIXELS);
    for (uint16_t p = 0; p < 3; p++) {
        assert_pixel(fx, p, 10);
    }
    for (uint16_t p = 3; p < 7; p++) {
        assert_pixel(fx, p, 20);
    }
    assert_pixel(fx, 7, 30);
    /* STATE_REQ reports the flag too. */
    uint8_t all = HB_LIGHT_ALL;
    send_raw(fx, HB_T_STATE_REQ, 2, &all, 1, BOOT_MS + 30);
    assert_int_equal(fx->cap.frames[STRIP].payload[2], HB_STATE_ON | HB_STATE_PIXELS);
    assert_int_equal(fx->cap.frames[0].payload[2], 0); /* lights without per-pixel colours: no flag */
}

static void test_same_runs_again_change_nothing_other_runs_do(void **state)
{
    fixture *fx = *state;
    send_three_runs(fx, 1, HB_F_ON, 1);
    send_three_runs(fx, 2, HB_F_ON, 1);
    assert_int_equal(fx->cap.frames[0].type, HB_T_ACK); /* nothing changed: a plain ACK, same generation */
    assert_int_equal(le16(fx->cap.frames[0].payload + 2), 1);
    /* Other runs with an unchanged STATE are still a change: a new generation and ACK_STATE. */
    uint8_t p[HB_MAX_PAYLOAD];
    const uint8_t one[] = {8};
    size_t n = pixels_payload(p, STRIP, 0, 0, 0, 1, one);
    send_raw(fx, HB_T_SET_PIXELS, 3, p, n, BOOT_MS + 40);
    assert_ack_state_look(&fx->cap.frames[0], 3, 2, HB_STATE_ON | HB_STATE_PIXELS);
    assert_pixel(fx, 7, 10);
    /* A retransmission of seq 2 is answered as before and puts nothing back. */
    send_three_runs(fx, 2, HB_F_ON, 1);
    assert_int_equal(fx->cap.frames[0].type, HB_T_ACK);
    assert_pixel(fx, 7, 10);
}

/* "A change of the runs alone is a change of the light" (uart-link.md, STATE): also with as many runs as before, when
 * any run's count or colour differs, the last run's included. */
static void test_other_runs_of_the_same_number_are_a_change(void **state)
{
    fixture *fx = *state;
    send_three_runs(fx, 1, HB_F_ON, 1);
    uint8_t p[HB_MAX_PAYLOAD];
    size_t n = pixels_payload(p, STRIP, 0, 0, 0, 3, THREE_RUNS);
    p[HB_SET_PAYLOAD_LEN + 1u + 2u * HB_PIXEL_RUN_LEN + 3u] = 99; /* the last run's blue */
    send_raw(fx, HB_T_SET_PIXELS, 2, p, n, BOOT_MS + 20);
    assert_ack_state_look(&fx->cap.frames[0], 2, 2, HB_STATE_ON | HB_STATE_PIXELS);
    assert_int_equal(hb_core_render(&fx->core, STRIP, 7, BOOT_MS + 20).b, 99);
    const uint8_t moved[] = {4, 3, 1}; /* the same colours, the first border one pixel on */
    n = pixels_payload(p, STRIP, 0, 0, 0, 3, moved);
    send_raw(fx, HB_T_SET_PIXELS, 3, p, n, BOOT_MS + 20);
    assert_ack_state_look(&fx->cap.frames[0], 3, 3, HB_STATE_ON | HB_STATE_PIXELS);
    assert_pixel(fx, 3, 10);
    send_raw(fx, HB_T_SET_PIXELS, 4, p, n, BOOT_MS + 20); /* and the same runs once more: no change */
    assert_int_equal(fx->cap.frames[0].type, HB_T_ACK);
    assert_int_equal(le16(fx->cap.frames[0].payload + 2), 3);
}

static void test_what_ends_and_what_keeps_per_pixel_colours(void **state)
{
    fixture *fx = *state;
    send_three_runs(fx, 1, HB_F_ON, 1);
    uint8_t p[10];
    /* Brightness, effect and off keep them... */
    set_payload(p, STRIP, HB_F_ON, 0, 0, 0, 0, 0, 0, 0);
    send_raw(fx, HB_T_SET, 2, p, sizeof p, BOOT_MS + 50);
    assert_ack_state_look(&fx->cap.frames[0], 2, 2, HB_STATE_PIXELS);
    assert_pixel(fx, 0, 0);
    hb_core_button(&fx->core, STRIP, BOOT_MS + 60); /* ...and so does the button: on again, the runs show */
    assert_int_equal(fx->cap.frames[fx->cap.count - 1].payload[2], HB_STATE_ON | HB_STATE_PIXELS);
    assert_pixel(fx, 4, 20);
    /* A colour for the whole light ends them, even with a transition (none is defined from a pattern). */
    set_payload(p, STRIP, HB_F_COLOR | HB_F_TRANSITION, 0, 0, 200, 100, 50, 1000, 0);
    send_raw(fx, HB_T_SET, 3, p, sizeof p, BOOT_MS + 70);
    assert_ack_state_look(&fx->cap.frames[0], 3, 4, HB_STATE_ON);
    assert_int_equal(fx->cap.last_fade_ms, 0);
    hb_rgb c = hb_core_render(&fx->core, STRIP, 7, BOOT_MS + 70);
    assert_int_equal(c.r, 200);
    assert_int_equal(c.b, 50);
}

static void test_failsafe_restore_ends_them(void **state)
{
    fixture *fx = *state;
    send_three_runs(fx, 1, HB_F_ON, 1);
    cap_clear(&fx->cap);
    hb_core_tick(&fx->core, BOOT_MS + 10 + 3000);
    assert_int_equal(fx->cap.frames[0].type, HB_T_STATE);
    assert_int_equal(fx->cap.frames[0].payload[0], STRIP);
    assert_int_equal(fx->cap.frames[0].payload[2], 0);
    assert_pixel(fx, 0, 0);
}

/* Every refusal, in the spec's order, changes nothing: state_gen stays 0 and the strip stays as it booted. */
static void test_refusals_change_nothing(void **state)
{
    fixture *fx = *state;
    uint8_t p[HB_MAX_PAYLOAD];
    const uint8_t eight[] = {8};
    const uint8_t short_sum[] = {3, 4};
    const uint8_t zero_run[] = {0, 8};
    size_t n = pixels_payload(p, STRIP, HB_F_ON, 1, 255, 1, eight);

    send_raw(fx, HB_T_SET_PIXELS, 1, p, n - 1, BOOT_MS); /* length not 11 + 4 * run_count */
    assert_nack(&fx->cap.frames[0], 1, HB_NACK_MALFORMED);
    send_raw(fx, HB_T_SET_PIXELS, 1, p, n + 1, BOOT_MS); /* a trailing zero (the CRC's weakness) */
    assert_nack(&fx->cap.frames[0], 1, HB_NACK_MALFORMED);
    p[HB_SET_PAYLOAD_LEN] = 0;
    send_raw(fx, HB_T_SET_PIXELS, 2, p, HB_SET_PAYLOAD_LEN + 1u, BOOT_MS); /* no run */
    assert_nack(&fx->cap.frames[0], 2, HB_NACK_MALFORMED);
    uint8_t many[48];
    memset(many, 1, sizeof many);
    n = pixels_payload(p, STRIP, 0, 0, 0, 47, many);
    p[HB_SET_PAYLOAD_LEN] = 48; /* 48 runs cannot be in one frame: the length no longer matches */
    send_raw(fx, HB_T_SET_PIXELS, 3, p, n, BOOT_MS);
    assert_nack(&fx->cap.frames[0], 3, HB_NACK_MALFORMED);

    n = pixels_payload(p, HB_LIGHT_ALL, HB_F_ON, 1, 255, 1, eight);
    send_raw(fx, HB_T_SET_PIXELS, 4, p, n, BOOT_MS);
    assert_nack(&fx->cap.frames[0], 4, HB_NACK_BAD_LIGHT);
    n = pixels_payload(p, 4, HB_F_ON, 1, 255, 1, eight);
    send_raw(fx, HB_T_SET_PIXELS, 5, p, n, BOOT_MS);
    assert_nack(&fx->cap.frames[0], 5, HB_NACK_BAD_LIGHT);
    n = pixels_payload(p, STRIP, HB_F_ON, 2, 255, 1, eight);
    send_raw(fx, HB_T_SET_PIXELS, 6, p, n, BOOT_MS);
    assert_nack(&fx->cap.frames[0], 6, HB_NACK_OUT_OF_RANGE);
    const uint8_t one[] = {1};
    n = pixels_payload(p, 2, HB_F_ON, 1, 255, 1, one); /* the RGB LED is no strip */
    send_raw(fx, HB_T_SET_PIXELS, 7, p, n, BOOT_MS);
    assert_nack(&fx->cap.frames[0], 7, HB_NACK_UNSUPPORTED);
    n = pixels_payload(p, STRIP, HB_F_ON, 1, 255, 2, short_sum);
    send_raw(fx, HB_T_SET_PIXELS, 8, p, n, BOOT_MS);
    assert_nack(&fx->cap.frames[0], 8, HB_NACK_OUT_OF_RANGE);
    n = pixels_payload(p, STRIP, HB_F_ON, 1, 255, 2, zero_run);
    send_raw(fx, HB_T_SET_PIXELS, 9, p, n, BOOT_MS);
    assert_nack(&fx->cap.frames[0], 9, HB_NACK_OUT_OF_RANGE);

    uint8_t ping = 0;
    send_raw(fx, HB_T_PING, 10, &ping, 0, BOOT_MS);
    assert_int_equal(le16(fx->cap.frames[0].payload + 2), 0); /* state_gen: nothing was applied */
    assert_pixel(fx, 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_runs_paint_the_strip_and_set_the_pixels_flag, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_runs_again_change_nothing_other_runs_do, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_runs_of_the_same_number_are_a_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_what_ends_and_what_keeps_per_pixel_colours, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failsafe_restore_ends_them, setup_failsafe_restore, teardown),
        cmocka_unit_test_setup_teardown(test_refusals_change_nothing, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
