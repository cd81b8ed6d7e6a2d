/* Light rendering: transitions and effects in integer math on an injected clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hilbridge/hb_light.h"
#include "hilbridge/hb_proto.h"

static hb_light_state st(uint8_t on, uint8_t bri, uint8_t r, uint8_t g, uint8_t b, uint8_t effect)
{
    hb_light_state s = {on, bri, {r, g, b}, effect, 0};
    return s;
}

static void assert_rgb(hb_rgb c, uint8_t r, uint8_t g, uint8_t b)
{
    assert_int_equal(c.r, r);
    assert_int_equal(c.g, g);
    assert_int_equal(c.b, b);
}

static void test_boot_state_is_dark(void **state)
{
    (void)state;
    hb_light l;
    hb_light_reset(&l);
    assert_rgb(hb_light_render(&l, 0, 1, 0), 0, 0, 0);
    assert_rgb(hb_light_render(&l, 0, 1, 123456), 0, 0, 0);
}

static void test_colour_is_scaled_by_brightness(void **state)
{
    (void)state;
    hb_light l;
    hb_light_reset(&l);
    hb_light_state s = st(1, 128, 255, 100, 0, 0);
    hb_light_set(&l, &s, 0, 10);
    assert_rgb(hb_light_render(&l, 0, 1, 10), 128, 50, 0);
}

static void test_transition_fades_linearly(void **state)
{
    (void)state;
    hb_light l;
    hb_light_reset(&l);
    hb_light_state s = st(1, 200, 255, 255, 255, 0);
    hb_light_set(&l, &s, 500, 1000);
    assert_rgb(hb_light_render(&l, 0, 1, 1000), 0, 0, 0);
    assert_rgb(hb_light_render(&l, 0, 1, 1250), 100, 100, 100);
    assert_rgb(hb_light_render(&l, 0, 1, 1500), 200, 200, 200);
    assert_rgb(hb_light_render(&l, 0, 1, 99999), 200, 200, 200);
    /* Mid-fade retarget: the new fade starts from what is shown now. */
    hb_light_state down = st(1, 0, 255, 255, 255, 0);
    hb_light_set(&l, &down, 100, 1250);
    assert_rgb(hb_light_render(&l, 0, 1, 1250), 100, 100, 100);
    assert_rgb(hb_light_render(&l, 0, 1, 1300), 50, 50, 50);
    assert_rgb(hb_light_render(&l, 0, 1, 1350), 0, 0, 0);
}

static void test_transition_survives_clock_wrap(void **state)
{
    (void)state;
    hb_light l;
    hb_light_reset(&l);
    hb_light_state s = st(1, 255, 0, 255, 0, 0);
    uint32_t start = 0xFFFFFF00u;
    hb_light_set(&l, &s, 512, start);
    assert_rgb(hb_light_render(&l, 0, 1, start + 256u), 0, 127, 0); /* crosses 2^32 */
    assert_rgb(hb_light_render(&l, 0, 1, start + 512u), 0, 255, 0);
}

static void test_fade_to_off_plays_out(void **state)
{
    (void)state;
    hb_light l;
    hb_light_reset(&l);
    hb_light_state on = st(1, 255, 255, 255, 255, 0);
    hb_light_set(&l, &on, 0, 0);
    hb_light_state off = st(0, 255, 255, 255, 255, 0);
    hb_light_set(&l, &off, 1000, 0);
    assert_rgb(hb_light_render(&l, 0, 1, 500), 128, 128, 128);
    assert_rgb(hb_light_render(&l, 0, 1, 1000), 0, 0, 0);
}

static void test_blink(void **state)
{
    (void)state;
    hb_light l;
    hb_light_reset(&l);
    hb_light_state s = st(1, 255, 255, 255, 255, HB_EFFECT_BLINK);
    hb_light_set(&l, &s, 0, 100);
    assert_rgb(hb_light_render(&l, 0, 1, 100), 255, 255, 255);
    assert_rgb(hb_light_render(&l, 0, 1, 100 + 499), 255, 255, 255);
    assert_rgb(hb_light_render(&l, 0, 1, 100 + 500), 0, 0, 0);
    assert_rgb(hb_light_render(&l, 0, 1, 100 + 1000), 255, 255, 255);
    /* Effects run only while on. */
    hb_light_state off = st(0, 255, 255, 255, 255, HB_EFFECT_BLINK);
    hb_light_set(&l, &off, 0, 200);
    assert_rgb(hb_light_render(&l, 0, 1, 200), 0, 0, 0);
    assert_rgb(hb_light_render(&l, 0, 1, 1200), 0, 0, 0);
}

static void test_breathe(void **state)
{
    (void)state;
    hb_light l;
    hb_light_reset(&l);
    hb_light_state s = st(1, 255, 255, 255, 255, HB_EFFECT_BREATHE);
    hb_light_set(&l, &s, 0, 0);
    assert_rgb(hb_light_render(&l, 0, 1, 0), 0, 0, 0);
    assert_rgb(hb_light_render(&l, 0, 1, HB_BREATHE_PERIOD_MS / 2), 255, 255, 255);
    hb_rgb quarter = hb_light_render(&l, 0, 1, HB_BREATHE_PERIOD_MS / 4);
    assert_true(quarter.r > 40 && quarter.r < 90); /* squared triangle: about a quarter */
    assert_rgb(hb_light_render(&l, 0, 1, HB_BREATHE_PERIOD_MS), 0, 0, 0);
}

/* Breathe's second half mirrors its first (hb_light.h): where the triangle's phase is a whole step (every 200 ms) the
 * fall shows exactly what the rise showed, and in between it never brightens. */
static void test_breathe_falls_as_it_rose(void **state)
{
    (void)state;
    hb_light l;
    hb_light_reset(&l);
    hb_light_state s = st(1, 255, 255, 255, 255, HB_EFFECT_BREATHE);
    hb_light_set(&l, &s, 0, 0);
    const uint32_t half = HB_BREATHE_PERIOD_MS / 2;
    for (uint32_t x = 200; x < half; x += 200) {
        hb_rgb rise = hb_light_render(&l, 0, 1, half - x);
        assert_rgb(hb_light_render(&l, 0, 1, half + x), rise.r, rise.g, rise.b);
    }
    uint8_t was = hb_light_render(&l, 0, 1, half).r;
    for (uint32_t t = half + 1; t <= HB_BREATHE_PERIOD_MS; t++) {
        uint8_t now = hb_light_render(&l, 0, 1, t).r;
        assert_true(now <= was);
        was = now;
    }
    assert_int_equal(was, 0);
}

/* Rainbow (hb_light.h): pixel p of n shows now what pixel 0 shows p * HB_RAINBOW_PERIOD_MS / n ms later, so the
 * wheel is spread once along the strip and the pattern travels towards pixel 0, also across the period's end. */
static void test_rainbow_travels_towards_pixel_0(void **state)
{
    (void)state;
    hb_light l;
    hb_light_reset(&l);
    hb_light_state s = st(1, 255, 255, 255, 255, HB_EFFECT_RAINBOW);
    hb_light_set(&l, &s, 0, 0);
    const uint32_t step = HB_RAINBOW_PERIOD_MS / 8; /* a whole number of ms for 8 pixels */
    static const uint32_t times[] = {0, 1000, 1234, 2999, 4100};
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        for (uint16_t p = 0; p < 8; p++) {
            hb_rgb later = hb_light_render(&l, 0, 8, times[i] + p * step);
            assert_rgb(hb_light_render(&l, p, 8, times[i]), later.r, later.g, later.b);
        }
    }
}

/* Rainbow keeps the colour's value, its largest channel, whichever channel that is (hb_light.h): hue 0 at the start
 * is pure red at that value. */
static void test_rainbow_keeps_the_value_of_the_colour(void **state)
{
    (void)state;
    static const uint8_t colours[3][3] = {{200, 10, 60}, {10, 200, 60}, {10, 60, 200}};
    for (size_t i = 0; i < 3; i++) {
        hb_light l;
        hb_light_reset(&l);
        hb_light_state s = st(1, 255, colours[i][0], colours[i][1], colours[i][2], HB_EFFECT_RAINBOW);
        hb_light_set(&l, &s, 0, 0);
        assert_rgb(hb_light_render(&l, 0, 1, 0), 200, 0, 0);
        s.brightness = 128; /* the value after brightness: 200 * 128 / 255 = 100 */
        hb_light_set(&l, &s, 0, 0);
        assert_rgb(hb_light_render(&l, 0, 1, 0), 100, 0, 0);
    }
}

static void test_rainbow_moves_along_the_strip(void **state)
{
    (void)state;
    hb_light l;
    hb_light_reset(&l);
    hb_light_state s = st(1, 255, 255, 255, 255, HB_EFFECT_RAINBOW);
    hb_light_set(&l, &s, 0, 0);
    assert_rgb(hb_light_render(&l, 0, 8, 0), 255, 0, 0); /* hue 0 */
    hb_rgb mid = hb_light_render(&l, 4, 8, 0);           /* hue 128: cyan-ish */
    assert_int_equal(mid.r, 0);
    assert_true(mid.b > 200);
    /* A third of a period later pixel 0 has moved on to green-ish. */
    hb_rgb later = hb_light_render(&l, 0, 8, HB_RAINBOW_PERIOD_MS / 3);
    assert_true(later.g > 200 && later.r < 60 && later.b < 60);
    /* Brightness scales the rainbow. */
    hb_light_state dim = st(1, 51, 255, 255, 255, HB_EFFECT_RAINBOW);
    hb_light_set(&l, &dim, 0, 0);
    assert_rgb(hb_light_render(&l, 0, 8, 0), 51, 0, 0);
}

static void test_hue_wheel(void **state)
{
    (void)state;
    assert_rgb(hb_hue(0, 255), 255, 0, 0);
    assert_rgb(hb_hue(43, 255), 255, 255, 0);
    assert_rgb(hb_hue(86, 255), 0, 255, 0);
    assert_rgb(hb_hue(129, 255), 0, 255, 255);
    assert_rgb(hb_hue(172, 255), 0, 0, 255);
    assert_rgb(hb_hue(215, 255), 255, 0, 255);
    assert_rgb(hb_hue(0, 0), 0, 0, 0);
    for (unsigned h = 0; h < 256; h++) {
        hb_rgb c = hb_hue((uint8_t)h, 255);
        assert_true(c.r == 255 || c.g == 255 || c.b == 255); /* full saturation */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boot_state_is_dark),
        cmocka_unit_test(test_colour_is_scaled_by_brightness),
        cmocka_unit_test(test_transition_fades_linearly),
        cmocka_unit_test(test_transition_survives_clock_wrap),
        cmocka_unit_test(test_fade_to_off_plays_out),
        cmocka_unit_test(test_blink),
        cmocka_unit_test(test_breathe),
        cmocka_unit_test(test_breathe_falls_as_it_rose),
        cmocka_unit_test(test_rainbow_travels_towards_pixel_0),
        cmocka_unit_test(test_rainbow_keeps_the_value_of_the_colour),
        cmocka_unit_test(test_rainbow_moves_along_the_strip),
        cmocka_unit_test(test_hue_wheel),
    };
    return cmocka_run_group_tests_name("light", tests, NULL, NULL);
}
