/* The live view: PIXELS_SUB and PIXELS (uart-link.md section 3), rule by rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "capture.h"
#include "default_board.h"
#include "hilbridge/hb_pixels.h"
#include "pixels_fixture.h"

typedef pixels_fixture fixture;

static void assert_nack(const fixture *fx, uint16_t seq, uint8_t code)
{
    assert_int_equal(fx->cap.count, 1);
    assert_int_equal(fx->cap.frames[0].type, HB_T_NACK);
    assert_int_equal(le16(fx->cap.frames[0].payload), seq);
    assert_int_equal(fx->cap.frames[0].payload[2], code);
}

static void test_subscribe_is_acked_with_state_gen(void **state)
{
    fixture *fx = *state;
    hb_core_button(&fx->core, 0, BOOT_MS);
    cap_clear(&fx->cap);
    pixels_subscribe(fx, 0x0203, HB_LIGHT_ALL, 10, BOOT_MS + 1);
    assert_int_equal(fx->cap.count, 1);
    assert_int_equal(fx->cap.frames[0].type, HB_T_ACK);
    assert_int_equal(le16(fx->cap.frames[0].payload), 0x0203);
    assert_int_equal(le16(fx->cap.frames[0].payload + 2), 1); /* the button's change */
    /* Idempotent, never remembered: the same seq again is judged afresh (rate 0 now stops it). */
    cap_clear(&fx->cap);
    pixels_subscribe(fx, 0x0203, HB_LIGHT_ALL, 0, BOOT_MS + 2);
    assert_int_equal(fx->cap.frames[0].type, HB_T_ACK);
    assert_int_equal(tick_range(fx, BOOT_MS + 3, BOOT_MS + 500), 0);
}

static void test_bad_input_is_nacked_in_spec_order_and_changes_nothing(void **state)
{
    fixture *fx = *state;
    uint8_t three[3] = {0, 1, 0};
    cap_send(&fx->core, HB_T_PIXELS_SUB, 1, three, sizeof three, BOOT_MS);
    assert_nack(fx, 1, HB_NACK_MALFORMED);
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_PIXELS_SUB, 2, three, 1, BOOT_MS);
    assert_nack(fx, 2, HB_NACK_MALFORMED);
    cap_clear(&fx->cap);
    pixels_subscribe(fx, 3, 4, 99, BOOT_MS); /* a bad light and a bad rate: the light is checked first */
    assert_nack(fx, 3, HB_NACK_BAD_LIGHT);
    cap_clear(&fx->cap);
    pixels_subscribe(fx, 4, 0, HB_PIXELS_MAX_RATE + 1, BOOT_MS);
    assert_nack(fx, 4, HB_NACK_OUT_OF_RANGE);
    assert_int_equal(tick_range(fx, BOOT_MS, BOOT_MS + 200), 0);
    assert_int_equal(fx->core.state_gen, 0);
    /* The highest rate is accepted. */
    cap_clear(&fx->cap);
    pixels_subscribe(fx, 5, 0, HB_PIXELS_MAX_RATE, BOOT_MS);
    assert_int_equal(fx->cap.frames[0].type, HB_T_ACK);
}

static void test_rate_bounds_frames_per_second(void **state)
{
    fixture *fx = *state;
    pixels_subscribe(fx, 1, 2, 10, BOOT_MS);
    /* One light at 10 frames a second, ticked every ms for one second: a frame every 100 ms, never more. */
    assert_int_equal(tick_range(fx, BOOT_MS, BOOT_MS + 1000), 10);
    for (size_t i = 0; i < fx->cap.count; i++) {
        assert_int_equal(fx->cap.frames[i].payload[0], 2);
    }
    pixels_subscribe(fx, 2, 2, 20, BOOT_MS + 1000); /* renewing with a new rate takes effect */
    assert_int_equal(tick_range(fx, BOOT_MS + 1000, BOOT_MS + 2000), 20);
}

static void test_lease_lapses_unless_renewed(void **state)
{
    fixture *fx = *state;
    pixels_subscribe(fx, 1, 3, 10, BOOT_MS);
    assert_int_equal(tick_range(fx, BOOT_MS, BOOT_MS + HB_PIXELS_LEASE_MS), 30);
    /* Nobody renewed: the board stops by itself. */
    assert_int_equal(tick_range(fx, BOOT_MS + HB_PIXELS_LEASE_MS, BOOT_MS + HB_PIXELS_LEASE_MS + 2000), 0);
    assert_int_equal(hb_core_pixels_wait_ms(&fx->core, BOOT_MS + 6000), UINT32_MAX);
    /* Renewed every second, it keeps going. */
    for (uint32_t s = 0; s < 5; s++) {
        uint32_t t0 = BOOT_MS + 6000 + s * 1000;
        pixels_subscribe(fx, (uint16_t)(10 + s), 3, 10, t0);
        assert_int_equal(tick_range(fx, t0, t0 + 1000), 10);
    }
}

static void test_hello_req_and_boot_end_subscriptions(void **state)
{
    fixture *fx = *state;
    pixels_subscribe(fx, 1, HB_LIGHT_ALL, 10, BOOT_MS);
    assert_true(tick_range(fx, BOOT_MS, BOOT_MS + 10) > 0);
    cap_send(&fx->core, HB_T_HELLO_REQ, 2, NULL, 0, BOOT_MS + 10);
    assert_int_equal(tick_range(fx, BOOT_MS + 10, BOOT_MS + 500), 0);
    pixels_subscribe(fx, 3, HB_LIGHT_ALL, 10, BOOT_MS + 500);
    assert_int_equal(hb_core_init(&fx->core, &fx->cfg, &fx->port, 8u, BOOT_MS + 501), 0);
    assert_int_equal(tick_range(fx, BOOT_MS + 501, BOOT_MS + 1000), 0);
}

static void test_pixels_are_what_the_renderer_shows(void **state)
{
    fixture *fx = *state;
    uint8_t set[10];
    set_payload(set, 3, HB_F_ON | HB_F_COLOR | HB_F_EFFECT, 1, 0, 10, 20, 30, 0, HB_EFFECT_RAINBOW);
    cap_send(&fx->core, HB_T_SET, 1, set, sizeof set, BOOT_MS);
    pixels_subscribe(fx, 2, 3, 10, BOOT_MS);
    uint8_t first[3 * HB_DEFAULT_STRIP_PIXELS];
    for (uint32_t frame = 0; frame < 2; frame++) {
        uint32_t now = BOOT_MS + 1 + frame * 100;
        assert_int_equal(tick_range(fx, now, now + 1), 1);
        const cap_frame *f = &fx->cap.frames[0];
        assert_int_equal(f->len, HB_PIXELS_HEAD_LEN + 3 * HB_DEFAULT_STRIP_PIXELS);
        assert_int_equal(f->payload[0], 3);
        assert_int_equal(le16(f->payload + 1), 0);
        assert_int_equal(f->payload[3], HB_DEFAULT_STRIP_PIXELS);
        for (uint16_t p = 0; p < HB_DEFAULT_STRIP_PIXELS; p++) {
            hb_rgb want = hb_core_render(&fx->core, 3, p, now);
            const uint8_t *got = f->payload + HB_PIXELS_HEAD_LEN + 3 * p;
            assert_int_equal(got[0], want.r);
            assert_int_equal(got[1], want.g);
            assert_int_equal(got[2], want.b);
        }
        if (frame == 0) {
            memcpy(first, f->payload + HB_PIXELS_HEAD_LEN, sizeof first);
        } else {
            /* The rainbow moved: 100 ms is a 30th of its period. */
            assert_memory_not_equal(first, f->payload + HB_PIXELS_HEAD_LEN, sizeof first);
        }
    }
}

static void test_long_strip_is_sent_in_chunks_one_per_tick(void **state)
{
    fixture *fx = *state;
    uint8_t set[10];
    set_payload(set, 0, HB_F_ON | HB_F_EFFECT, 1, 0, 0, 0, 0, 0, HB_EFFECT_RAINBOW);
    cap_send(&fx->core, HB_T_SET, 1, set, sizeof set, BOOT_MS);
    pixels_subscribe(fx, 2, 0, 5, BOOT_MS);
    static const uint16_t firsts[] = {0, 16, 32};
    static const uint8_t counts[] = {16, 16, 8};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(tick_range(fx, BOOT_MS + (uint32_t)i, BOOT_MS + (uint32_t)i + 1), 1);
        const cap_frame *f = &fx->cap.frames[0];
        assert_int_equal(f->payload[0], 0);
        assert_int_equal(le16(f->payload + 1), firsts[i]);
        assert_int_equal(f->payload[3], counts[i]);
        assert_int_equal(f->len, HB_PIXELS_HEAD_LEN + 3u * counts[i]);
        hb_rgb want = hb_core_render(&fx->core, 0, firsts[i], BOOT_MS + (uint32_t)i);
        assert_int_equal(f->payload[HB_PIXELS_HEAD_LEN], want.r);
    }
    /* The frame is complete; the next starts 200 ms after the first (rate 5). */
    assert_int_equal(tick_range(fx, BOOT_MS + 3, BOOT_MS + 200), 0);
    assert_int_equal(hb_core_pixels_wait_ms(&fx->core, BOOT_MS + 150), 50);
    assert_int_equal(tick_range(fx, BOOT_MS + 200, BOOT_MS + 201), 1);
}

static void test_answers_first_nothing_while_transmitter_busy(void **state)
{
    fixture *fx = *state;
    pixels_subscribe(fx, 1, HB_LIGHT_ALL, 20, BOOT_MS);
    fx->tx_busy = 1;
    assert_int_equal(tick_range(fx, BOOT_MS, BOOT_MS + 100), 0);
    assert_int_equal(hb_core_pixels_wait_ms(&fx->core, BOOT_MS + 100), 0); /* due, held back */
    /* A SET is answered at once, whatever the live view owes. */
    uint8_t set[10];
    set_payload(set, 2, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_SET, 2, set, sizeof set, BOOT_MS + 100);
    assert_int_equal(fx->cap.count, 1);
    assert_int_equal(fx->cap.frames[0].type, HB_T_ACK_STATE);
    fx->tx_busy = 0;
    /* Idle again: one chunk per tick, each light's first frame in turn. */
    assert_int_equal(tick_range(fx, BOOT_MS + 101, BOOT_MS + 102), 1);
    assert_int_equal(tick_range(fx, BOOT_MS + 102, BOOT_MS + 105), 3);
    assert_int_equal(fx->cap.frames[0].payload[0], 1);
    assert_int_equal(fx->cap.frames[2].payload[0], 3);
}

static void test_wait_ms(void **state)
{
    fixture *fx = *state;
    assert_int_equal(hb_core_pixels_wait_ms(&fx->core, BOOT_MS), UINT32_MAX);
    pixels_subscribe(fx, 1, 1, 4, BOOT_MS);
    assert_int_equal(hb_core_pixels_wait_ms(&fx->core, BOOT_MS), 0);
    assert_int_equal(tick_range(fx, BOOT_MS, BOOT_MS + 1), 1);
    assert_int_equal(hb_core_pixels_wait_ms(&fx->core, BOOT_MS + 10), 240);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_subscribe_is_acked_with_state_gen, pixels_setup, pixels_teardown),
        cmocka_unit_test_setup_teardown(test_bad_input_is_nacked_in_spec_order_and_changes_nothing, pixels_setup,
                                        pixels_teardown),
        cmocka_unit_test_setup_teardown(test_rate_bounds_frames_per_second, pixels_setup, pixels_teardown),
        cmocka_unit_test_setup_teardown(test_lease_lapses_unless_renewed, pixels_setup, pixels_teardown),
        cmocka_unit_test_setup_teardown(test_hello_req_and_boot_end_subscriptions, pixels_setup, pixels_teardown),
        cmocka_unit_test_setup_teardown(test_pixels_are_what_the_renderer_shows, pixels_setup, pixels_teardown),
        cmocka_unit_test_setup_teardown(test_long_strip_is_sent_in_chunks_one_per_tick, pixels_setup_long_strip,
                                        pixels_teardown),
        cmocka_unit_test_setup_teardown(test_answers_first_nothing_while_transmitter_busy, pixels_setup,
                                        pixels_teardown),
        cmocka_unit_test_setup_teardown(test_wait_ms, pixels_setup, pixels_teardown),
    };
    return cmocka_run_group_tests_name("pixels", tests, NULL, NULL);
}
