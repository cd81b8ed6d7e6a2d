/* The BOOT button's debounce (hb_debounce): presses are debounced released -> pressed edges, never start levels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hilbridge/hb_debounce.h"

#define DEBOUNCE_MS 30u
#define LOOP_MS 10u /* the firmware's link task polls every 10 ms */

/* Feeds `pressed` every LOOP_MS from *now for `ms` ms; returns how many presses were reported. */
static int hold(hb_debounce *d, int pressed, uint32_t *now, uint32_t ms)
{
    int presses = 0;
    for (uint32_t end = *now + ms; *now < end; *now += LOOP_MS) {
        presses += hb_debounce_update(d, pressed, *now);
    }
    return presses;
}

static void test_stuck_pressed_from_boot_is_never_a_press(void **state)
{
    (void)state;
    hb_debounce d;
    hb_debounce_init(&d, DEBOUNCE_MS);
    uint32_t now = 5; /* GPIO9 reads low from the first poll, as on the emulator */
    assert_int_equal(hold(&d, 1, &now, 60000), 0);
}

static void test_pressed_at_boot_then_released_is_no_press(void **state)
{
    (void)state;
    hb_debounce d;
    hb_debounce_init(&d, DEBOUNCE_MS);
    uint32_t now = 0;
    assert_int_equal(hold(&d, 1, &now, 500), 0);
    assert_int_equal(hold(&d, 0, &now, 500), 0);
    assert_int_equal(hold(&d, 1, &now, 500), 1); /* the first real press after a seen release counts */
}

static void test_press_after_a_stable_release_is_one_press(void **state)
{
    (void)state;
    hb_debounce d;
    hb_debounce_init(&d, DEBOUNCE_MS);
    uint32_t now = 0;
    assert_int_equal(hold(&d, 0, &now, 100), 0);
    assert_int_equal(hold(&d, 1, &now, 20), 0); /* not yet held for the debounce time */
    assert_int_equal(hold(&d, 1, &now, 30), 1);
}

static void test_long_press_is_one_press(void **state)
{
    (void)state;
    hb_debounce d;
    hb_debounce_init(&d, DEBOUNCE_MS);
    uint32_t now = 0;
    assert_int_equal(hold(&d, 0, &now, 100), 0);
    assert_int_equal(hold(&d, 1, &now, 10000), 1);
    assert_int_equal(hold(&d, 0, &now, 100), 0); /* the release reports nothing */
}

static void test_release_then_press_is_another_press(void **state)
{
    (void)state;
    hb_debounce d;
    hb_debounce_init(&d, DEBOUNCE_MS);
    uint32_t now = 0;
    assert_int_equal(hold(&d, 0, &now, 100), 0);
    assert_int_equal(hold(&d, 1, &now, 100), 1);
    assert_int_equal(hold(&d, 0, &now, 100), 0);
    assert_int_equal(hold(&d, 1, &now, 100), 1);
}

static void test_bounces_shorter_than_the_debounce_time_are_ignored(void **state)
{
    (void)state;
    hb_debounce d;
    hb_debounce_init(&d, DEBOUNCE_MS);
    uint32_t now = 0;
    assert_int_equal(hold(&d, 0, &now, 100), 0);
    /* Contact bounce: the reading flips every poll for 200 ms, never holding 30 ms. */
    int presses = 0;
    for (int i = 0; i < 20; i++) {
        presses += hold(&d, i % 2, &now, LOOP_MS);
    }
    assert_int_equal(presses, 0);
    /* Then it settles pressed: exactly one press; a bouncy release then settles released: none. */
    assert_int_equal(hold(&d, 1, &now, 100), 1);
    for (int i = 0; i < 20; i++) {
        presses += hold(&d, (i + 1) % 2, &now, LOOP_MS);
    }
    assert_int_equal(presses, 0);
    assert_int_equal(hold(&d, 0, &now, 100), 0);
}

static void test_works_across_the_clock_wrap(void **state)
{
    (void)state;
    hb_debounce d;
    hb_debounce_init(&d, DEBOUNCE_MS);
    uint32_t now = UINT32_MAX - 95u;
    assert_int_equal(hb_debounce_update(&d, 0, now), 0);
    assert_int_equal(hb_debounce_update(&d, 0, now + 40u), 0);  /* released, stable */
    assert_int_equal(hb_debounce_update(&d, 1, now + 80u), 0);  /* pressed just before the wrap */
    assert_int_equal(hb_debounce_update(&d, 1, now + 100u), 0); /* 20 ms, after the wrap */
    assert_int_equal(hb_debounce_update(&d, 1, now + 110u), 1); /* 30 ms: a press */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stuck_pressed_from_boot_is_never_a_press),
        cmocka_unit_test(test_pressed_at_boot_then_released_is_no_press),
        cmocka_unit_test(test_press_after_a_stable_release_is_one_press),
        cmocka_unit_test(test_long_press_is_one_press),
        cmocka_unit_test(test_release_then_press_is_another_press),
        cmocka_unit_test(test_bounces_shorter_than_the_debounce_time_are_ignored),
        cmocka_unit_test(test_works_across_the_clock_wrap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
