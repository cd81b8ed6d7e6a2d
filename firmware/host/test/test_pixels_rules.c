/*
 * The live view's rules that need a board of their own or a long run of ticks (uart-link.md section 3, PIXELS_SUB
 * and PIXELS; the turn-taking in hb_pixels.h): renewals, whole frames, the lease across the clock's wrap, `first`
 * past 255, lights taking turns, and a board of 8 lights.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "capture.h"
#include "default_board.h"
#include "pixels_fixture.h"

typedef pixels_fixture fixture;

/* The one PIXELS chunk the last tick_range sent: its light, first and count. */
static void assert_chunk(const fixture *fx, uint8_t light, uint16_t first, uint8_t count)
{
    assert_int_equal(count_type(&fx->cap, HB_T_PIXELS), 1);
    const cap_frame *f = &fx->cap.frames[0];
    assert_int_equal(f->type, HB_T_PIXELS);
    assert_int_equal(f->payload[0], light);
    assert_int_equal(le16(f->payload + 1), first);
    assert_int_equal(f->payload[3], count);
    assert_int_equal(f->len, HB_PIXELS_HEAD_LEN + 3u * count);
}

/* PIXELS_SUB is idempotent: renewing a live subscription neither restarts the frame under way nor the rate's clock
 * (a new frame no sooner than 1000 / rate ms after the previous one started). */
static void test_renewing_keeps_the_frame_and_the_rate_clock(void **state)
{
    fixture *fx = *state;
    pixels_subscribe(fx, 1, 0, 5, BOOT_MS);
    tick_range(fx, BOOT_MS, BOOT_MS + 1);
    assert_chunk(fx, 0, 0, 16);
    pixels_subscribe(fx, 2, 0, 5, BOOT_MS + 1);
    tick_range(fx, BOOT_MS + 1, BOOT_MS + 2);
    assert_chunk(fx, 0, 16, 16);
    tick_range(fx, BOOT_MS + 2, BOOT_MS + 3);
    assert_chunk(fx, 0, 32, 8);
    assert_int_equal(tick_range(fx, BOOT_MS + 3, BOOT_MS + 100), 0);
    pixels_subscribe(fx, 3, 0, 5, BOOT_MS + 100);
    assert_int_equal(tick_range(fx, BOOT_MS + 100, BOOT_MS + 200), 0);
    tick_range(fx, BOOT_MS + 200, BOOT_MS + 201);
    assert_chunk(fx, 0, 0, 16);
}

/* A frame is pixels 0 .. pixels-1 in increasing `first`: a new subscription, after rate 0 or after the lease ran out
 * in the middle of a frame, starts at once with pixel 0. */
static void test_a_new_subscription_starts_a_whole_frame(void **state)
{
    fixture *fx = *state;
    pixels_subscribe(fx, 1, 0, 5, BOOT_MS);
    tick_range(fx, BOOT_MS, BOOT_MS + 1);
    assert_chunk(fx, 0, 0, 16);
    pixels_subscribe(fx, 2, 0, 0, BOOT_MS + 1); /* rate 0: ends now, one chunk into the frame */
    assert_int_equal(tick_range(fx, BOOT_MS + 1, BOOT_MS + 50), 0);
    pixels_subscribe(fx, 3, 0, 5, BOOT_MS + 50);
    tick_range(fx, BOOT_MS + 50, BOOT_MS + 51);
    assert_chunk(fx, 0, 0, 16);
    /* One chunk into the next frame, the transmitter stays busy until the lease has run out... */
    tick_range(fx, BOOT_MS + 51, BOOT_MS + 52);
    assert_chunk(fx, 0, 16, 16);
    fx->tx_busy = 1;
    assert_int_equal(tick_range(fx, BOOT_MS + 52, BOOT_MS + 50 + HB_PIXELS_LEASE_MS), 0);
    /* ...and the PIXELS_SUB that comes then is a new subscription. */
    pixels_subscribe(fx, 4, 0, 5, BOOT_MS + 50 + HB_PIXELS_LEASE_MS);
    fx->tx_busy = 0;
    tick_range(fx, BOOT_MS + 50 + HB_PIXELS_LEASE_MS, BOOT_MS + 51 + HB_PIXELS_LEASE_MS);
    assert_chunk(fx, 0, 0, 16);
}

/* A lapsed lease ends the subscription (it lapses by itself): when the millisecond clock has wrapped round (2^32 ms)
 * to where the lease was live, it stays ended. */
static void test_a_lapsed_subscription_stays_ended_when_the_clock_wraps(void **state)
{
    fixture *fx = *state;
    pixels_subscribe(fx, 1, 2, 10, BOOT_MS);
    assert_int_equal(tick_range(fx, BOOT_MS, BOOT_MS + HB_PIXELS_LEASE_MS + 1), 30);
    const uint32_t wrapped = (uint32_t)(BOOT_MS + 50u + 0x100000000ull); /* the clock reads BOOT_MS + 50 again */
    assert_int_equal(hb_core_pixels_wait_ms(&fx->core, wrapped), UINT32_MAX);
    assert_int_equal(tick_range(fx, wrapped, wrapped + 1000), 0);
}

/* `first` is a u16, little-endian: on a strip of 300 pixels the chunks from pixel 256 on carry its high byte. */
static void test_first_is_a_little_endian_u16(void **state)
{
    (void)state;
    const hb_light_cfg lights[1] = {{HB_KIND_STRIP, 300, "300"}};
    fixture *fx = pixels_boot(lights, 1, BOOT_MS);
    pixels_subscribe(fx, 1, 0, 1, BOOT_MS);
    for (uint16_t i = 0; i < 19; i++) {
        uint16_t first = (uint16_t)(16u * i);
        tick_range(fx, BOOT_MS + i, BOOT_MS + i + 1u);
        assert_chunk(fx, 0, first, first < 288 ? 16 : 12);
        assert_int_equal(fx->cap.frames[0].payload[1], first & 0xFFu);
        assert_int_equal(fx->cap.frames[0].payload[2], first >> 8);
    }
    assert_int_equal(tick_range(fx, BOOT_MS + 19, BOOT_MS + 1000), 0);
    assert_int_equal(fx->cap.bad_writes, 0);
}

/* Lights take turns (hb_pixels.h): ticked less often than four lights at 20 frames a second need, each gets every
 * fourth chunk, in light order. */
static void test_lights_take_turns_when_the_ticks_cannot_keep_up(void **state)
{
    fixture *fx = *state;
    pixels_subscribe(fx, 1, HB_LIGHT_ALL, HB_PIXELS_MAX_RATE, BOOT_MS);
    for (uint32_t k = 0; k < 40; k++) {
        uint32_t now = BOOT_MS + 50u * k; /* one tick per 50 ms: a frame period at 20 a second */
        tick_range(fx, now, now + 1);
        assert_chunk(fx, (uint8_t)(k % 4u), 0, k % 4u == 3 ? HB_DEFAULT_STRIP_PIXELS : 1);
    }
}

/* A frame once started is finished before another light's chunk (hb_pixels.h), then the next light goes. */
static void test_a_started_frame_is_finished_first(void **state)
{
    fixture *fx = *state;
    pixels_subscribe(fx, 1, HB_LIGHT_ALL, HB_PIXELS_MAX_RATE, BOOT_MS);
    static const uint8_t lights[] = {0, 0, 0, 1};
    static const uint16_t firsts[] = {0, 16, 32, 0};
    static const uint8_t counts[] = {16, 16, 8, 1};
    for (uint32_t i = 0; i < 4; i++) {
        tick_range(fx, BOOT_MS + i, BOOT_MS + i + 1);
        assert_chunk(fx, lights[i], firsts[i], counts[i]);
    }
}

/* A board of 8 lights (the most HELLO allows), booted at 0 ms: 0xFF subscribes all eight and the ACK carries the
 * current state_gen; the wait is the nearest light's. */
static void test_a_full_board_streams_every_light(void **state)
{
    (void)state;
    hb_light_cfg lights[HB_MAX_LIGHTS];
    for (size_t i = 0; i < HB_MAX_LIGHTS; i++) {
        lights[i] = (hb_light_cfg){HB_KIND_RGB, 1, "RGB"};
    }
    fixture *fx = pixels_boot(lights, HB_MAX_LIGHTS, 0);
    pixels_subscribe(fx, 1, 0, 1, 2);
    tick_range(fx, 2, 3);
    assert_chunk(fx, 0, 0, 1);
    assert_int_equal(hb_core_pixels_wait_ms(&fx->core, 10), 992); /* light 0's next frame at 1002 */
    hb_core_button(&fx->core, 7, 11);                             /* state_gen 1 */
    cap_clear(&fx->cap);
    pixels_subscribe(fx, 2, HB_LIGHT_ALL, 1, 20);
    assert_int_equal(fx->cap.count, 1);
    assert_int_equal(fx->cap.frames[0].type, HB_T_ACK);
    assert_int_equal(le16(fx->cap.frames[0].payload + 2), 1);
    for (uint8_t light = 1; light < HB_MAX_LIGHTS; light++) {
        tick_range(fx, 20u + light, 21u + light);
        assert_chunk(fx, light, 0, 1);
    }
    assert_int_equal(tick_range(fx, 28, 1002), 0);
    assert_int_equal(hb_core_pixels_wait_ms(&fx->core, 1002), 0);
    tick_range(fx, 1002, 1003);
    assert_chunk(fx, 0, 0, 1);
    assert_int_equal(fx->cap.bad_writes, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_renewing_keeps_the_frame_and_the_rate_clock, pixels_setup_long_strip,
                                        pixels_teardown),
        cmocka_unit_test_setup_teardown(test_a_new_subscription_starts_a_whole_frame, pixels_setup_long_strip,
                                        pixels_teardown),
        cmocka_unit_test_setup_teardown(test_a_lapsed_subscription_stays_ended_when_the_clock_wraps, pixels_setup,
                                        pixels_teardown),
        cmocka_unit_test(test_first_is_a_little_endian_u16),
        cmocka_unit_test_setup_teardown(test_lights_take_turns_when_the_ticks_cannot_keep_up, pixels_setup,
                                        pixels_teardown),
        cmocka_unit_test_setup_teardown(test_a_started_frame_is_finished_first, pixels_setup_long_strip,
                                        pixels_teardown),
        cmocka_unit_test(test_a_full_board_streams_every_light),
    };
    return cmocka_run_group_tests_name("pixels rules", tests, NULL, NULL);
}
