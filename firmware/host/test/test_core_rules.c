/*
 * The dispatcher's rules at their edges (uart-link.md sections 3 and 4): the boundaries of per-light ordering and
 * ageing, and the SET bytes the board must ignore. test_core holds the rules themselves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "capture.h"
#include "core_fixture.h"
#include "default_board.h"
#include "hilbridge/hb_frame.h"
#include "hilbridge/hb_light.h"

/* SET: "Bytes of values whose bit in fields is clear are ignored, except that on and effect must still be in range":
 * an in-range effect the light cannot run is no reason to refuse a SET that does not set the effect. */
static void test_set_ignores_an_unset_effect_the_light_cannot_run(void **state)
{
    fixture *fx = *state;
    send_set(fx, 1, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, HB_EFFECT_BREATHE); /* light 0 is ONOFF: it only blinks */
    assert_int_equal(fx->cap.count, 1);
    assert_ack_state(&fx->cap.frames[0], 1, 0, 1, 255, 255, 255, 255, HB_EFFECT_NONE, 1);
    send_set(fx, 2, 1, HB_F_BRIGHTNESS, 0, 9, 0, 0, 0, 0, HB_EFFECT_RAINBOW); /* DIMMABLE: no rainbow */
    assert_int_equal(fx->cap.count, 1);
    assert_ack_state(&fx->cap.frames[0], 2, 1, 0, 9, 255, 255, 255, HB_EFFECT_NONE, 2);
}

/* The same rule for bytes the light could take: a transition and an effect whose bits are clear change nothing. */
static void test_set_ignores_unset_transition_and_effect_bytes(void **state)
{
    fixture *fx = *state;
    send_set(fx, 1, 2, HB_F_ON | HB_F_BRIGHTNESS, 1, 40, 0, 0, 0, 500, HB_EFFECT_BLINK); /* RGB: takes both */
    assert_int_equal(fx->cap.count, 1);
    assert_ack_state(&fx->cap.frames[0], 1, 2, 1, 40, 255, 255, 255, HB_EFFECT_NONE, 1);
    assert_int_equal(fx->cap.last_changed_light, 2);
    assert_int_equal(fx->cap.last_fade_ms, 0); /* at once, not over the 500 ms the unset bytes say */
}

/* Duplicate detection: while the window is still filling, every SET remembered so far is recognised, the newest as
 * well as the oldest, and answered as before without being applied again (a button press changed each light since). */
static void test_every_set_in_a_part_filled_window_is_a_duplicate(void **state)
{
    fixture *fx = *state;
    for (uint8_t light = 0; light < 4; light++) {
        send_set(fx, (uint16_t)(1 + light), light, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
        hb_core_button(&fx->core, light, BOOT_MS + 200); /* off again */
    }
    for (uint8_t light = 0; light < 4; light++) {
        uint16_t seq = (uint16_t)(1 + light);
        send_set(fx, seq, light, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
        assert_int_equal(fx->cap.count, 1);
        assert_ack_state(&fx->cap.frames[0], seq, light, 1, 255, 255, 255, 255, 0, (uint16_t)(2 * light + 1));
        assert_int_equal(fx->core.lights[light].st.on, 0); /* the button's change stands */
    }
}

/* Per-light ordering: a SET is stale for a light when -16384 < (int16_t)(seq - last) < 0; both edges. */
static void test_stale_window_edges(void **state)
{
    fixture *fx = *state;
    send_set(fx, 0x4000, 2, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    send_set(fx, 0x0001, 2, HB_F_ON, 0, 0, 0, 0, 0, 0, 0); /* d = -16383: stale, ACKed, not applied */
    assert_int_equal(fx->cap.count, 1);
    assert_ack(&fx->cap.frames[0], 0x0001, 1);
    assert_int_equal(fx->core.lights[2].st.on, 1);
    send_set(fx, 0x3FFF, 2, HB_F_ON, 0, 0, 0, 0, 0, 0, 0); /* d = -1: stale */
    assert_ack(&fx->cap.frames[0], 0x3FFF, 1);
    assert_int_equal(fx->core.lights[2].st.on, 1);
    send_set(fx, 0x0000, 2, HB_F_ON, 0, 0, 0, 0, 0, 0, 0); /* d = -16384: not stale, applied */
    assert_int_equal(fx->cap.count, 1);
    assert_ack_state(&fx->cap.frames[0], 0x0000, 2, 0, 255, 255, 255, 255, 0, 2);
}

/* Ageing is per light: a frame whose seq is 16384 or more away from a light's last clears that light's last,
 * whichever light it is, and leaves the others' alone. */
static void test_ageing_clears_each_light_that_the_counter_left_behind(void **state)
{
    fixture *fx = *state;
    send_set(fx, 0x0010, 3, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    send_set(fx, 0x3000, 1, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    cap_send(&fx->core, HB_T_PING, 0x4010, NULL, 0, BOOT_MS + 400); /* 16384 past light 3's, 4112 past light 1's */
    send_set(fx, 0x000F, 3, HB_F_ON, 0, 0, 0, 0, 0, 0, 0);          /* light 3 forgot 0x0010: applied */
    assert_int_equal(fx->cap.count, 1);
    assert_ack_state(&fx->cap.frames[0], 0x000F, 3, 0, 255, 255, 255, 255, 0, 3);
    send_set(fx, 0x2FFF, 1, HB_F_ON, 0, 0, 0, 0, 0, 0, 0); /* light 1 still remembers 0x3000: stale */
    assert_int_equal(fx->cap.count, 1);
    assert_ack(&fx->cap.frames[0], 0x2FFF, 3);
    assert_int_equal(fx->core.lights[1].st.on, 1);
}

/* Ageing is checked on every host frame that carries the counter: a PIXELS_SUB moves it as a PING does. */
static void test_a_pixels_sub_ages_the_last_applied_seq(void **state)
{
    fixture *fx = *state;
    send_set(fx, 0x0010, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    uint8_t sub[2] = {0, 0}; /* rate 0: no subscription, just a frame */
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_PIXELS_SUB, 0x4010, sub, sizeof sub, BOOT_MS + 400);
    assert_ack(&fx->cap.frames[0], 0x4010, 1);
    send_set(fx, 0x000F, 0, HB_F_ON, 0, 0, 0, 0, 0, 0, 0); /* 0x0010 was forgotten: applied */
    assert_int_equal(fx->cap.count, 1);
    assert_ack_state(&fx->cap.frames[0], 0x000F, 0, 0, 255, 255, 255, 255, 0, 2);
}

/* A board with the most lights (8) orders and ages the last of them like any other. */
static void test_a_full_board_orders_and_ages_its_last_light(void **state)
{
    (void)state;
    static hb_core c;
    capture cap;
    hb_port port;
    cap_init(&cap, &port);
    hb_light_cfg lights[HB_MAX_LIGHTS];
    for (size_t i = 0; i < HB_MAX_LIGHTS; i++) {
        lights[i] = (hb_light_cfg){HB_KIND_ONOFF, 1, "led"};
    }
    hb_board_cfg cfg = {"1.0.0", HB_MAX_LIGHTS, lights, 0, 0};
    assert_int_equal(hb_core_init(&c, &cfg, &port, 1, 0), 0);
    uint8_t p[HB_SET_PAYLOAD_LEN];
    set_payload(p, HB_MAX_LIGHTS - 1u, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    cap_send(&c, HB_T_SET, 0x0010, p, sizeof p, 1);
    set_payload(p, HB_MAX_LIGHTS - 1u, HB_F_ON, 0, 0, 0, 0, 0, 0, 0);
    cap_clear(&cap);
    cap_send(&c, HB_T_SET, 0x000F, p, sizeof p, 2); /* d = -1: stale */
    assert_int_equal(cap.frames[0].type, HB_T_ACK);
    assert_int_equal(c.lights[HB_MAX_LIGHTS - 1u].st.on, 1);
    cap_send(&c, HB_T_PING, 0x4010, NULL, 0, 3); /* 16384 past 0x0010: forgotten */
    cap_clear(&cap);
    cap_send(&c, HB_T_SET, 0x000E, p, sizeof p, 4);
    assert_int_equal(cap.frames[0].type, HB_T_ACK_STATE);
    assert_int_equal(c.lights[HB_MAX_LIGHTS - 1u].st.on, 0);
}

/* hb_core_init: a light of unknown kind makes the configuration unusable wherever it is on the board. */
static void test_init_checks_the_kind_of_every_light(void **state)
{
    (void)state;
    static hb_core c;
    capture cap;
    hb_port port;
    cap_init(&cap, &port);
    hb_light_cfg lights[3] = {{HB_KIND_ONOFF, 1, "a"}, {HB_KIND_RGB, 1, "b"}, {HB_KIND_STRIP + 1, 1, "c"}};
    hb_board_cfg cfg = {"1.0.0", 3, lights, 0, 0};
    assert_int_equal(hb_core_init(&c, &cfg, &port, 1, 0), -1);
    assert_int_equal(cap.total, 0);
    lights[2].kind = HB_KIND_STRIP;
    assert_int_equal(hb_core_init(&c, &cfg, &port, 1, 0), 0);
}

/* Boot starts the link afresh (uart-link.md section 4, Boot): whatever the memory held, no decode error is counted and
 * the first frame is answered. */
static void test_init_starts_the_decoder_afresh(void **state)
{
    (void)state;
    static hb_core c;
    capture cap;
    hb_port port;
    cap_init(&cap, &port);
    hb_board_cfg cfg = hb_default_board();
    memset(&c, 0xA5, sizeof c);
    assert_int_equal(hb_core_init(&c, &cfg, &port, 1, 0), 0);
    cap_clear(&cap);
    cap_send(&c, HB_T_PING, 3, NULL, 0, 1);
    assert_int_equal(cap.count, 1);
    assert_int_equal(cap.frames[0].type, HB_T_PONG);
    for (int k = 0; k < HB_ERR_KINDS; k++) {
        assert_int_equal(c.dec.errors[k], 0);
    }
}

/* A button of the first index past the board's lights is no light's: nothing changes, nothing is sent. */
static void test_button_past_the_last_light_is_ignored(void **state)
{
    fixture *fx = *state;
    cap_clear(&fx->cap);
    hb_core_button(&fx->core, (uint8_t)fx->cfg.light_count, BOOT_MS + 1);
    assert_int_equal(fx->cap.count, 0);
    assert_int_equal(fx->core.state_gen, 0);
    hb_core_button(&fx->core, (uint8_t)(fx->cfg.light_count - 1u), BOOT_MS + 2); /* the last light is one */
    assert_int_equal(fx->cap.count, 1);
    assert_state(&fx->cap.frames[0], 3, HB_CAUSE_BUTTON, 1, 255, 255, 255, 255, 0, 1);
}

/* LOG: a level byte and 0..199 bytes of text; longer text is cut to 199 so the frame still goes out. */
static void test_log_text_edges(void **state)
{
    fixture *fx = *state;
    char text[HB_MAX_PAYLOAD + 1];
    memset(text, 'y', sizeof text);
    static const size_t lens[] = {0, HB_MAX_PAYLOAD - 2u, HB_MAX_PAYLOAD - 1u, HB_MAX_PAYLOAD, HB_MAX_PAYLOAD + 1u};
    static const size_t want[] = {0, HB_MAX_PAYLOAD - 2u, HB_MAX_PAYLOAD - 1u, HB_MAX_PAYLOAD - 1u,
                                  HB_MAX_PAYLOAD - 1u};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        cap_clear(&fx->cap);
        hb_core_log(&fx->core, HB_LOG_DEBUG, text, lens[i]);
        assert_int_equal(fx->cap.count, 1);
        assert_int_equal(fx->cap.frames[0].type, HB_T_LOG);
        assert_int_equal(fx->cap.frames[0].len, 1 + want[i]);
        assert_int_equal(fx->cap.frames[0].payload[0], HB_LOG_DEBUG);
        assert_memory_equal(fx->cap.frames[0].payload + 1, text, want[i]);
    }
}

/* hb_core_render draws a light as its renderer does over the light's own pixels (a strip's from the board's
 * configuration, so a rainbow spreads along it), and a light the board does not have as black. */
static void test_render_uses_each_lights_pixel_count(void **state)
{
    fixture *fx = *state;
    send_set(fx, 1, 3, HB_F_ON | HB_F_EFFECT, 1, 0, 0, 0, 0, 0, HB_EFFECT_RAINBOW);
    uint32_t now = BOOT_MS + 700;
    for (uint16_t px = 0; px < HB_DEFAULT_STRIP_PIXELS; px++) {
        hb_rgb want = hb_light_render(&fx->core.lights[3], px, HB_DEFAULT_STRIP_PIXELS, now);
        hb_rgb got = hb_core_render(&fx->core, 3, px, now);
        assert_int_equal(got.r, want.r);
        assert_int_equal(got.g, want.g);
        assert_int_equal(got.b, want.b);
    }
    hb_rgb first = hb_core_render(&fx->core, 3, 0, now);
    hb_rgb half = hb_core_render(&fx->core, 3, HB_DEFAULT_STRIP_PIXELS / 2u, now);
    assert_true(first.r != half.r || first.g != half.g || first.b != half.b);
    send_set(fx, 2, HB_LIGHT_ALL, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    hb_rgb none = hb_core_render(&fx->core, (uint8_t)fx->cfg.light_count, 0, now);
    assert_int_equal(none.r, 0);
    assert_int_equal(none.g, 0);
    assert_int_equal(none.b, 0);
}

/* SET_PIXELS: run_count is 1..47, and 47 is the most one frame carries (11 + 4 * 48 bytes exceed the payload limit). */
static void test_set_pixels_takes_its_largest_run_count(void **state)
{
    (void)state;
    static hb_core c;
    capture cap;
    hb_port port;
    hb_light_cfg strip = {HB_KIND_STRIP, HB_MAX_PIXEL_RUNS, "47"};
    hb_board_cfg cfg = {"1.0.0", 1, &strip, 0, 0};
    cap_init(&cap, &port);
    assert_int_equal(hb_core_init(&c, &cfg, &port, 1, 0), 0);
    uint8_t p[HB_MAX_PAYLOAD + 4];
    set_payload(p, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    p[HB_SET_PAYLOAD_LEN] = HB_MAX_PIXEL_RUNS;
    for (size_t i = 0; i < HB_MAX_PIXEL_RUNS; i++) { /* one pixel per run */
        uint8_t *r = p + HB_SET_PAYLOAD_LEN + 1u + i * HB_PIXEL_RUN_LEN;
        r[0] = 1;
        r[1] = r[2] = r[3] = (uint8_t)i;
    }
    size_t len = HB_SET_PAYLOAD_LEN + 1u + HB_MAX_PIXEL_RUNS * HB_PIXEL_RUN_LEN;
    cap_clear(&cap);
    cap_send(&c, HB_T_SET_PIXELS, 7, p, len, 1);
    assert_int_equal(cap.count, 1);
    assert_int_equal(cap.frames[0].type, HB_T_ACK_STATE);
    assert_int_equal(cap.frames[0].payload[5], HB_STATE_PIXELS); /* off, per-pixel colours in force */
    uint8_t wire[2 * HB_MAX_WIRE];
    assert_int_equal(hb_frame_encode(wire, sizeof wire, HB_T_SET_PIXELS, 8, p, len + HB_PIXEL_RUN_LEN), 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_set_ignores_an_unset_effect_the_light_cannot_run),
        T(test_set_ignores_unset_transition_and_effect_bytes),
        T(test_every_set_in_a_part_filled_window_is_a_duplicate),
        T(test_stale_window_edges),
        T(test_ageing_clears_each_light_that_the_counter_left_behind),
        T(test_a_pixels_sub_ages_the_last_applied_seq),
        T(test_button_past_the_last_light_is_ignored),
        T(test_log_text_edges),
        T(test_render_uses_each_lights_pixel_count),
        cmocka_unit_test(test_set_pixels_takes_its_largest_run_count),
        cmocka_unit_test(test_a_full_board_orders_and_ages_its_last_light),
        cmocka_unit_test(test_init_checks_the_kind_of_every_light),
        cmocka_unit_test(test_init_starts_the_decoder_afresh),
    };
    return cmocka_run_group_tests_name("core rules", tests, NULL, NULL);
}
