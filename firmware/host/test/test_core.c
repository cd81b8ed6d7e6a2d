/* The board's dispatcher: uart-link.md section 4, rule by rule. */
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

static void test_boot_sends_hello(void **state)
{
    fixture *fx = *state;
    assert_int_equal(fx->cap.count, 1);
    const cap_frame *h = &fx->cap.frames[0];
    assert_int_equal(h->type, HB_T_HELLO);
    assert_int_equal(h->seq, 0);
    assert_int_equal(h->payload[0], 1);
    assert_int_equal(h->payload[1], 5);
    assert_memory_equal(h->payload + 2, "0.1.0", 5);
    assert_int_equal(le32(h->payload + 7), 0x12345678u);
    assert_int_equal(h->payload[11], 4);
    /* Lights start off (LightState.BOOT) and the board numbers its own frames from 0. */
    uint8_t all = HB_LIGHT_ALL;
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_STATE_REQ, 1, &all, 1, BOOT_MS + 1);
    for (uint8_t i = 0; i < 4; i++) {
        assert_int_equal(fx->cap.frames[i].seq, 1 + i);
        assert_state(&fx->cap.frames[i], i, HB_CAUSE_SYNC, 0, 255, 255, 255, 255, 0, 0);
    }
}

static void test_hello_req_answers_hello_and_rejects_payload(void **state)
{
    fixture *fx = *state;
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_HELLO_REQ, 77, NULL, 0, BOOT_MS + 1);
    assert_int_equal(fx->cap.count, 1);
    assert_int_equal(fx->cap.frames[0].type, HB_T_HELLO);
    assert_int_equal(le32(fx->cap.frames[0].payload + 7), 0x12345678u);

    uint8_t junk = 1;
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_HELLO_REQ, 78, &junk, 1, BOOT_MS + 2);
    assert_int_equal(fx->cap.count, 1);
    assert_nack(&fx->cap.frames[0], 78, HB_NACK_MALFORMED);
}

static void test_set_on_each_kind(void **state)
{
    fixture *fx = *state;
    /* ONOFF: on. */
    send_set(fx, 1, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 1); /* one light changed: one ACK_STATE, no STATE, no ACK */
    assert_ack_state(&fx->cap.frames[0], 1, 0, 1, 255, 255, 255, 255, 0, 1);
    /* DIMMABLE: on at 128 over 500 ms; the board layer hears about the fade. */
    send_set(fx, 2, 1, HB_F_ON | HB_F_BRIGHTNESS | HB_F_TRANSITION, 1, 128, 0, 0, 0, 500, 0);
    assert_int_equal(fx->cap.count, 1);
    assert_ack_state(&fx->cap.frames[0], 2, 1, 1, 128, 255, 255, 255, 0, 2);
    assert_int_equal(fx->cap.last_changed_light, 1);
    assert_int_equal(fx->cap.last_fade_ms, 500);
    /* RGB: colour with zero bytes. */
    send_set(fx, 3, 2, HB_F_ON | HB_F_COLOR, 1, 0, 255, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 1);
    assert_ack_state(&fx->cap.frames[0], 3, 2, 1, 255, 255, 0, 0, 0, 3);
    /* STRIP: everything at once (the set_everything vector). */
    send_set(fx, 4, 3, HB_F_ALL, 1, 255, 1, 2, 3, 65535, HB_EFFECT_RAINBOW);
    assert_int_equal(fx->cap.count, 1);
    assert_ack_state(&fx->cap.frames[0], 4, 3, 1, 255, 1, 2, 3, HB_EFFECT_RAINBOW, 4);
}

static void test_set_without_change_acks_without_state(void **state)
{
    fixture *fx = *state;
    send_set(fx, 1, 0, HB_F_ON, 0, 0, 0, 0, 0, 0, 0); /* already off */
    assert_int_equal(fx->cap.count, 1);
    assert_ack(&fx->cap.frames[0], 1, 0);
    /* Unmeant brightness, colour and transition bytes on an on/off light are ignored, not refused. */
    send_set(fx, 2, 0, HB_F_ON, 0, 99, 1, 2, 3, 500, 0);
    assert_int_equal(fx->cap.count, 1);
    assert_ack(&fx->cap.frames[0], 2, 0);
}

static void test_set_capability_rules(void **state)
{
    fixture *fx = *state;
    uint16_t seq = 100;
    /* ONOFF has no brightness, colour or transition. */
    send_set(fx, seq, 0, HB_F_BRIGHTNESS, 0, 10, 0, 0, 0, 0, 0);
    assert_nack(&fx->cap.frames[0], seq++, HB_NACK_UNSUPPORTED);
    send_set(fx, seq, 0, HB_F_COLOR, 0, 0, 1, 2, 3, 0, 0);
    assert_nack(&fx->cap.frames[0], seq++, HB_NACK_UNSUPPORTED);
    send_set(fx, seq, 0, HB_F_ON | HB_F_TRANSITION, 1, 0, 0, 0, 0, 100, 0);
    assert_nack(&fx->cap.frames[0], seq++, HB_NACK_UNSUPPORTED);
    /* ONOFF blinks but does not breathe. */
    send_set(fx, seq, 0, HB_F_EFFECT, 0, 0, 0, 0, 0, 0, HB_EFFECT_BREATHE);
    assert_nack(&fx->cap.frames[0], seq++, HB_NACK_UNSUPPORTED);
    /* DIMMABLE has no colour and no rainbow. */
    send_set(fx, seq, 1, HB_F_COLOR, 0, 0, 1, 2, 3, 0, 0);
    assert_nack(&fx->cap.frames[0], seq++, HB_NACK_UNSUPPORTED);
    send_set(fx, seq, 1, HB_F_EFFECT, 0, 0, 0, 0, 0, 0, HB_EFFECT_RAINBOW);
    assert_nack(&fx->cap.frames[0], seq++, HB_NACK_UNSUPPORTED);
    /* Values and light index. */
    send_set(fx, seq, 4, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    assert_nack(&fx->cap.frames[0], seq++, HB_NACK_BAD_LIGHT);
    send_set(fx, seq, 1, HB_F_ON, 2, 0, 0, 0, 0, 0, 0);
    assert_nack(&fx->cap.frames[0], seq++, HB_NACK_OUT_OF_RANGE);
    send_set(fx, seq, 2, HB_F_EFFECT, 0, 0, 0, 0, 0, 0, 4);
    assert_nack(&fx->cap.frames[0], seq++, HB_NACK_OUT_OF_RANGE);
    send_set(fx, seq, 2, 0x20 | HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    assert_nack(&fx->cap.frames[0], seq++, HB_NACK_OUT_OF_RANGE);
    /* on and effect are range-checked even when their bit is clear; other unmeant bytes are ignored. */
    send_set(fx, seq, 1, HB_F_BRIGHTNESS, 2, 10, 0, 0, 0, 0, 0);
    assert_nack(&fx->cap.frames[0], seq++, HB_NACK_OUT_OF_RANGE);
    send_set(fx, seq, 1, HB_F_BRIGHTNESS, 0, 10, 0, 0, 0, 0, 9);
    assert_nack(&fx->cap.frames[0], seq++, HB_NACK_OUT_OF_RANGE);
    /* Wrong payload length. */
    uint8_t p[11] = {0, HB_F_ON, 1};
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_SET, seq, p, 9, BOOT_MS + 1);
    assert_nack(&fx->cap.frames[0], seq++, HB_NACK_MALFORMED);
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_SET, seq, p, 11, BOOT_MS + 1);
    assert_nack(&fx->cap.frames[0], seq, HB_NACK_MALFORMED);
    assert_int_equal(fx->cap.count, 1);
    /* Nothing changed along the way. */
    for (uint8_t i = 0; i < 4; i++) {
        assert_int_equal(fx->core.lights[i].st.on, 0);
    }
    assert_int_equal(fx->core.state_gen, 0);
    assert_int_equal(fx->cap.changed_calls, 0);
}

static void test_set_all_lights_is_all_or_nothing(void **state)
{
    fixture *fx = *state;
    /* Breathe on every light: the ONOFF light cannot, so nothing changes (set_all_effect vector). */
    send_set(fx, 0xFFFF, HB_LIGHT_ALL, HB_F_EFFECT, 0, 0, 0, 0, 0, 0, HB_EFFECT_BREATHE);
    assert_int_equal(fx->cap.count, 1);
    assert_nack(&fx->cap.frames[0], 0xFFFF, HB_NACK_UNSUPPORTED);
    assert_int_equal(fx->core.lights[1].st.effect, 0);
    /* On for every light: one STATE per light, then one ACK with the last generation. */
    send_set(fx, 5, HB_LIGHT_ALL, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 5);
    for (uint8_t i = 0; i < 4; i++) {
        assert_state(&fx->cap.frames[i], i, HB_CAUSE_COMMAND, 1, 255, 255, 255, 255, 0, (uint16_t)(i + 1));
    }
    assert_ack(&fx->cap.frames[4], 5, 4);
    /* A 0xFF SET that changes only one light (the others are on already) is answered with one ACK_STATE. */
    send_set(fx, 6, 2, HB_F_ON, 0, 0, 0, 0, 0, 0, 0);
    assert_ack_state(&fx->cap.frames[0], 6, 2, 0, 255, 255, 255, 255, 0, 5);
    send_set(fx, 7, HB_LIGHT_ALL, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 1);
    assert_ack_state(&fx->cap.frames[0], 7, 2, 1, 255, 255, 255, 255, 0, 6);
}

static void test_off_stops_effect_unless_effect_is_set_too(void **state)
{
    fixture *fx = *state;
    send_set(fx, 1, 2, HB_F_ON | HB_F_EFFECT, 1, 0, 0, 0, 0, 0, HB_EFFECT_BLINK);
    assert_int_equal(fx->core.lights[2].st.effect, HB_EFFECT_BLINK);
    send_set(fx, 2, 2, HB_F_ON, 0, 0, 0, 0, 0, 0, 0);
    assert_ack_state(&fx->cap.frames[0], 2, 2, 0, 255, 255, 255, 255, 0, 2);
    /* An effect set while off is kept and runs once on (LightState.apply on the Java side). */
    send_set(fx, 3, 2, HB_F_ON | HB_F_EFFECT, 0, 0, 0, 0, 0, 0, HB_EFFECT_BREATHE);
    assert_ack_state(&fx->cap.frames[0], 3, 2, 0, 255, 255, 255, 255, HB_EFFECT_BREATHE, 3);
    /* Setting an effect does not change on. */
    send_set(fx, 4, 3, HB_F_EFFECT, 0, 0, 0, 0, 0, 0, HB_EFFECT_RAINBOW);
    assert_ack_state(&fx->cap.frames[0], 4, 3, 0, 255, 255, 255, 255, HB_EFFECT_RAINBOW, 4);
}

static void test_duplicate_set_is_answered_but_not_applied_again(void **state)
{
    fixture *fx = *state;
    send_set(fx, 10, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    assert_ack_state(&fx->cap.frames[0], 10, 0, 1, 255, 255, 255, 255, 0, 1);
    cap_clear(&fx->cap);
    hb_core_button(&fx->core, 0, BOOT_MS + 200); /* off again, generation 2 */
    assert_int_equal(fx->core.lights[0].st.on, 0);
    /* The host lost the ACK_STATE and retransmits seq 10: the same ACK_STATE (generation 1, light on as it was
       then: the host tells a repeat by its generation), no change. */
    send_set(fx, 10, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 1);
    assert_ack_state(&fx->cap.frames[0], 10, 0, 1, 255, 255, 255, 255, 0, 1);
    assert_int_equal(fx->core.lights[0].st.on, 0);
    /* A SET that changed nothing is repeated as the plain ACK it got. */
    send_set(fx, 12, 0, HB_F_ON, 0, 0, 0, 0, 0, 0, 0);
    assert_ack(&fx->cap.frames[0], 12, 2);
    send_set(fx, 12, 0, HB_F_ON, 0, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 1);
    assert_ack(&fx->cap.frames[0], 12, 2);
    /* One that changed several lights gets its ACK again, without the STATEs. */
    send_set(fx, 13, HB_LIGHT_ALL, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 5);
    send_set(fx, 13, HB_LIGHT_ALL, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 1);
    assert_ack(&fx->cap.frames[0], 13, 6);
    /* A remembered NACK is repeated too. */
    send_set(fx, 11, 9, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    assert_nack(&fx->cap.frames[0], 11, HB_NACK_BAD_LIGHT);
    send_set(fx, 11, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 1);
    assert_nack(&fx->cap.frames[0], 11, HB_NACK_BAD_LIGHT);
}

static void test_duplicate_window_holds_eight(void **state)
{
    fixture *fx = *state;
    send_set(fx, 10, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    for (uint16_t s = 11; s < 11 + 7; s++) {
        send_set(fx, s, 1, HB_F_BRIGHTNESS, 0, (uint8_t)s, 0, 0, 0, 0, 0);
    }
    hb_core_button(&fx->core, 0, BOOT_MS + 200);
    send_set(fx, 10, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0); /* still among the last 8 */
    assert_int_equal(fx->cap.count, 1);
    assert_int_equal(fx->core.lights[0].st.on, 0);
    send_set(fx, 18, 1, HB_F_BRIGHTNESS, 0, 1, 0, 0, 0, 0, 0); /* pushes seq 10 out */
    send_set(fx, 10, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 1);
    assert_int_equal(fx->cap.frames[0].type, HB_T_ACK_STATE);
    assert_int_equal(fx->core.lights[0].st.on, 1);
}

static void test_malformed_set_is_not_remembered(void **state)
{
    fixture *fx = *state;
    uint8_t p[11];
    set_payload(p, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    p[10] = 0x97; /* the trailing byte a flipped closing delimiter adds (vector flipped_delimiter_appends_zero) */
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_SET, 30, p, 11, BOOT_MS + 1);
    assert_nack(&fx->cap.frames[0], 30, HB_NACK_MALFORMED);
    /* The host's retransmission of seq 30 arrives intact and is judged afresh. */
    send_set(fx, 30, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 1);
    assert_ack_state(&fx->cap.frames[0], 30, 0, 1, 255, 255, 255, 255, 0, 1);
}

static void test_hello_req_clears_duplicate_window(void **state)
{
    fixture *fx = *state;
    send_set(fx, 10, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    hb_core_button(&fx->core, 0, BOOT_MS + 200);
    cap_send(&fx->core, HB_T_HELLO_REQ, 1, NULL, 0, BOOT_MS + 300);
    send_set(fx, 10, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0); /* a new session's seq 10 */
    assert_int_equal(fx->cap.count, 1);
    assert_ack_state(&fx->cap.frames[0], 10, 0, 1, 255, 255, 255, 255, 0, 3);
}

/* ---- per-light ordering (uart-link.md section 4): a late, superseded SET never puts back a stale value */

static void test_stale_retransmission_is_acked_but_not_applied(void **state)
{
    fixture *fx = *state;
    /* The host sent seq 20 (brightness 10) then seq 21 (brightness 50); 20 was lost and 21 applied. */
    send_set(fx, 21, 1, HB_F_ON | HB_F_BRIGHTNESS, 1, 50, 0, 0, 0, 0, 0);
    assert_ack_state(&fx->cap.frames[0], 21, 1, 1, 50, 255, 255, 255, 0, 1);
    /* A late copy of 20 arrives: ACKed with the current generation, no STATE, the light keeps 50. */
    send_set(fx, 20, 1, HB_F_ON | HB_F_BRIGHTNESS, 1, 10, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 1);
    assert_ack(&fx->cap.frames[0], 20, 1);
    assert_int_equal(fx->core.lights[1].st.brightness, 50);
    /* It is remembered like any SET: its retransmission gets the same answer, still no change. */
    send_set(fx, 20, 1, HB_F_ON | HB_F_BRIGHTNESS, 1, 10, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 1);
    assert_ack(&fx->cap.frames[0], 20, 1);
    assert_int_equal(fx->core.lights[1].st.brightness, 50);
    /* Stale is judged per light: seq 19 for another light is applied. */
    send_set(fx, 19, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 1);
    assert_ack_state(&fx->cap.frames[0], 19, 0, 1, 255, 255, 255, 255, 0, 2);
    /* A stale SET is still validated first: all-or-nothing NACKs do not change. */
    send_set(fx, 18, 1, HB_F_COLOR, 0, 0, 1, 2, 3, 0, 0);
    assert_nack(&fx->cap.frames[0], 18, HB_NACK_UNSUPPORTED);
}

static void test_all_lights_set_is_stale_light_by_light(void **state)
{
    fixture *fx = *state;
    send_set(fx, 10, HB_LIGHT_ALL, HB_F_ON, 1, 0, 0, 0, 0, 0, 0); /* all on, generation 4 */
    send_set(fx, 30, 1, HB_F_BRIGHTNESS, 0, 50, 0, 0, 0, 0, 0);
    send_set(fx, 31, 3, HB_F_EFFECT, 0, 0, 0, 0, 0, 0, HB_EFFECT_RAINBOW);
    /* An older 0xFF SET: lights 1 and 3 have newer SETs applied and stay on; lights 0 and 2 take it. */
    send_set(fx, 28, HB_LIGHT_ALL, HB_F_ON, 0, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 3);
    assert_state(&fx->cap.frames[0], 0, HB_CAUSE_COMMAND, 0, 255, 255, 255, 255, 0, 7);
    assert_state(&fx->cap.frames[1], 2, HB_CAUSE_COMMAND, 0, 255, 255, 255, 255, 0, 8);
    assert_ack(&fx->cap.frames[2], 28, 8);
    assert_int_equal(fx->core.lights[1].st.on, 1);
    assert_int_equal(fx->core.lights[1].st.brightness, 50);
    assert_int_equal(fx->core.lights[3].st.on, 1);
    assert_int_equal(fx->core.lights[3].st.effect, HB_EFFECT_RAINBOW);
    /* Applying it moved lights 0 and 2 to seq 28: 27 is stale for every light now. */
    send_set(fx, 27, HB_LIGHT_ALL, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 1);
    assert_ack(&fx->cap.frames[0], 27, 8);
    assert_int_equal(fx->core.lights[0].st.on, 0);
}

static void test_sequence_order_survives_the_16_bit_wrap(void **state)
{
    fixture *fx = *state;
    send_set(fx, 0xFFFE, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    /* 0x0001 is three after 0xFFFE: newer, applied. */
    send_set(fx, 0x0001, 0, HB_F_ON, 0, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 1);
    assert_ack_state(&fx->cap.frames[0], 0x0001, 0, 0, 255, 255, 255, 255, 0, 2);
    /* 0xFFFF is now older than 0x0001: stale. */
    send_set(fx, 0xFFFF, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 1);
    assert_ack(&fx->cap.frames[0], 0xFFFF, 2);
    assert_int_equal(fx->core.lights[0].st.on, 0);
}

static void test_hello_req_clears_the_last_applied_seq(void **state)
{
    fixture *fx = *state;
    send_set(fx, 40, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    cap_send(&fx->core, HB_T_HELLO_REQ, 41, NULL, 0, BOOT_MS + 300);
    /* A new session's seq 35 is not "older than 40": that was another session. */
    send_set(fx, 35, 0, HB_F_ON, 0, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 1);
    assert_ack_state(&fx->cap.frames[0], 35, 0, 0, 255, 255, 255, 255, 0, 2);
}

static void test_last_applied_seq_ages_out_as_the_host_counter_moves_on(void **state)
{
    fixture *fx = *state;
    send_set(fx, 0x0010, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    /* Heartbeats move the host's counter; 0x3000 is within 16383 of 0x0010, so it is still remembered. */
    cap_send(&fx->core, HB_T_PING, 0x3000, NULL, 0, BOOT_MS + 400);
    send_set(fx, 0x000E, 0, HB_F_ON, 0, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 1);
    assert_ack(&fx->cap.frames[0], 0x000E, 1);
    assert_int_equal(fx->core.lights[0].st.on, 1);
    /* 0x4010 is 16384 ahead: forgotten, so the counter can never wrap half-way round past it. */
    cap_send(&fx->core, HB_T_PING, 0x4010, NULL, 0, BOOT_MS + 500);
    send_set(fx, 0x000F, 0, HB_F_ON, 0, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 1);
    assert_int_equal(fx->cap.frames[0].type, HB_T_ACK_STATE);
    assert_int_equal(fx->core.lights[0].st.on, 0);
    /* A SET far away (d = -32752) is not stale either: it ages the light's seq first. */
    send_set(fx, 0x8020, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->core.lights[0].st.on, 1);
    send_set(fx, 0x001F, 0, HB_F_ON, 0, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->core.lights[0].st.on, 0);
}

static void test_state_req(void **state)
{
    fixture *fx = *state;
    uint8_t all = HB_LIGHT_ALL;
    uint8_t one = 2;
    uint8_t bad = 4;
    uint8_t two[2] = {0, 0};
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_STATE_REQ, 1, &all, 1, BOOT_MS + 1);
    assert_int_equal(fx->cap.count, 4);
    for (uint8_t i = 0; i < 4; i++) {
        assert_state(&fx->cap.frames[i], i, HB_CAUSE_SYNC, 0, 255, 255, 255, 255, 0, 0);
    }
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_STATE_REQ, 2, &one, 1, BOOT_MS + 1);
    assert_int_equal(fx->cap.count, 1);
    assert_state(&fx->cap.frames[0], 2, HB_CAUSE_SYNC, 0, 255, 255, 255, 255, 0, 0);
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_STATE_REQ, 3, &bad, 1, BOOT_MS + 1);
    assert_nack(&fx->cap.frames[0], 3, HB_NACK_BAD_LIGHT);
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_STATE_REQ, 4, two, 2, BOOT_MS + 1);
    assert_nack(&fx->cap.frames[0], 4, HB_NACK_MALFORMED);
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_STATE_REQ, 5, NULL, 0, BOOT_MS + 1);
    assert_nack(&fx->cap.frames[0], 5, HB_NACK_MALFORMED);
}

static void test_ping_pong_carries_generation_and_uptime(void **state)
{
    fixture *fx = *state;
    send_set(fx, 1, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_PING, 42, NULL, 0, BOOT_MS + 123456);
    assert_int_equal(fx->cap.count, 1);
    const cap_frame *f = &fx->cap.frames[0];
    assert_int_equal(f->type, HB_T_PONG);
    assert_int_equal(f->len, 8);
    assert_int_equal(le16(f->payload), 42);
    assert_int_equal(le16(f->payload + 2), 1);
    assert_int_equal(le32(f->payload + 4), 123456);
    uint8_t x = 0;
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_PING, 43, &x, 1, BOOT_MS + 1);
    assert_nack(&fx->cap.frames[0], 43, HB_NACK_MALFORMED);
}

static void test_unknown_and_board_types_get_unknown_type(void **state)
{
    fixture *fx = *state;
    static const uint8_t types[] = {0x00, HB_T_HELLO, HB_T_ACK, HB_T_NACK, HB_T_STATE, HB_T_PONG, HB_T_LOG, 0x42, 0xFF};
    uint8_t payload[4] = {1, 2, 3, 4};
    for (size_t i = 0; i < sizeof types; i++) {
        cap_clear(&fx->cap);
        cap_send(&fx->core, types[i], (uint16_t)(500 + i), payload, sizeof payload, BOOT_MS + 1);
        assert_int_equal(fx->cap.count, 1);
        assert_nack(&fx->cap.frames[0], (uint16_t)(500 + i), HB_NACK_UNKNOWN_TYPE);
    }
    assert_int_equal(fx->core.state_gen, 0);
}

static void test_reboot_req_acks_then_reboots_and_drops_the_rest(void **state)
{
    fixture *fx = *state;
    send_set(fx, 1, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    uint8_t x = 0;
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_REBOOT_REQ, 77, &x, 1, BOOT_MS + 1); /* a payload: malformed, no reboot */
    assert_nack(&fx->cap.frames[0], 77, HB_NACK_MALFORMED);
    assert_int_equal(fx->cap.reboot_calls, 0);

    /* REBOOT_REQ and a PING in one chunk: ACK, the reboot, and nothing for the PING (the board is restarting). */
    uint8_t wire[2 * HB_MAX_WIRE];
    size_t n = hb_frame_encode(wire, HB_MAX_WIRE, HB_T_REBOOT_REQ, 78, NULL, 0);
    n += hb_frame_encode(wire + n, HB_MAX_WIRE, HB_T_PING, 79, NULL, 0);
    cap_clear(&fx->cap);
    hb_core_rx(&fx->core, wire, n, BOOT_MS + 2);
    assert_int_equal(fx->cap.count, 1);
    assert_int_equal(fx->cap.frames[0].type, HB_T_ACK);
    assert_int_equal(le16(fx->cap.frames[0].payload), 78);
    assert_int_equal(le16(fx->cap.frames[0].payload + 2), 1); /* the state_gen before the restart */
    assert_int_equal(fx->cap.reboot_calls, 1);
    hb_core_rx(&fx->core, wire, n, BOOT_MS + 3);
    assert_int_equal(fx->cap.count, 1); /* still restarting: input dropped */

    /* The board layer restarts: a new boot answers again. */
    assert_int_equal(hb_core_init(&fx->core, &fx->cfg, &fx->port, 0xBEEF0002u, BOOT_MS + 10), 0);
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_PING, 80, NULL, 0, BOOT_MS + 11);
    assert_int_equal(fx->cap.count, 1);
    assert_int_equal(fx->cap.frames[0].type, HB_T_PONG);
}

static void test_reboot_req_without_a_reboot_callback_is_an_unknown_type(void **state)
{
    fixture *fx = *state;
    fx->port.reboot = NULL;
    assert_int_equal(hb_core_init(&fx->core, &fx->cfg, &fx->port, 0x12345678u, BOOT_MS), 0);
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_REBOOT_REQ, 90, NULL, 0, BOOT_MS + 1);
    assert_int_equal(fx->cap.count, 1);
    assert_nack(&fx->cap.frames[0], 90, HB_NACK_UNKNOWN_TYPE);
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_PING, 91, NULL, 0, BOOT_MS + 2);
    assert_int_equal(fx->cap.frames[0].type, HB_T_PONG); /* still running */
}

static void test_boot_text_and_split_reads_do_not_lose_frames(void **state)
{
    fixture *fx = *state;
    static const char boot[] = "ets Jun  8 2016 00:22:57\r\nrst:0x1 (POWERON_RESET)\r\nentry 0x400805f0\r\n";
    uint8_t wire[HB_MAX_WIRE];
    size_t n = hb_frame_encode(wire, sizeof wire, HB_T_PING, 9, NULL, 0);
    cap_clear(&fx->cap);
    hb_core_rx(&fx->core, (const uint8_t *)boot, sizeof boot - 1, BOOT_MS + 1);
    for (size_t i = 0; i < n; i++) {
        hb_core_rx(&fx->core, &wire[i], 1, BOOT_MS + 2); /* one byte per read */
    }
    assert_int_equal(fx->cap.count, 1);
    assert_int_equal(fx->cap.frames[0].type, HB_T_PONG);
    assert_int_equal(fx->core.dec.errors[HB_ERR_COBS] + fx->core.dec.errors[HB_ERR_RUNT] +
                         fx->core.dec.errors[HB_ERR_CRC] + fx->core.dec.errors[HB_ERR_OVERSIZE],
                     1);
}

/* uart-link.md section 3, FAULT: a change is reported once and moves state_gen; the same verdict again is quiet. */
static void test_fault_changes_are_reported_once_and_move_state_gen(void **state)
{
    fixture *fx = *state;
    cap_clear(&fx->cap);
    hb_core_set_fault(&fx->core, 3, HB_FAULT_OUTPUT_STUCK);
    assert_int_equal(fx->cap.count, 1);
    assert_fault(&fx->cap.frames[0], 3, HB_FAULT_OUTPUT_STUCK, 1);
    hb_core_set_fault(&fx->core, 3, HB_FAULT_OUTPUT_STUCK); /* every refresh that fails says so again */
    assert_int_equal(fx->cap.count, 1);
    hb_core_set_fault(&fx->core, 3, HB_FAULT_NONE);
    assert_int_equal(fx->cap.count, 2);
    assert_fault(&fx->cap.frames[1], 3, HB_FAULT_NONE, 2);
    hb_core_set_fault(&fx->core, 4, HB_FAULT_OUTPUT_STUCK); /* no such light: ignored */
    assert_int_equal(fx->cap.count, 2);
    /* The light still takes commands while faulted: its state is the board's target. */
    hb_core_set_fault(&fx->core, 1, HB_FAULT_OUTPUT_STUCK);
    send_set(fx, 1, 1, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    assert_int_equal(fx->cap.count, 1);
    assert_int_equal(fx->cap.frames[0].type, HB_T_ACK_STATE);
    assert_int_equal(le16(fx->cap.frames[0].payload + 2), 4); /* gen: stuck, cleared, light 1 stuck, this SET */
}

/* STATE_REQ: a faulted light's sync STATE is followed by its FAULT, with the current state_gen (no change). */
static void test_state_req_follows_a_faulted_lights_state_with_its_fault(void **state)
{
    fixture *fx = *state;
    uint8_t all = HB_LIGHT_ALL;
    uint8_t one = 1;
    uint8_t two = 2;
    hb_core_set_fault(&fx->core, 1, HB_FAULT_OUTPUT_STUCK);
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_STATE_REQ, 1, &all, 1, BOOT_MS + 1);
    assert_int_equal(fx->cap.count, 5);
    assert_state(&fx->cap.frames[0], 0, HB_CAUSE_SYNC, 0, 255, 255, 255, 255, 0, 1);
    assert_state(&fx->cap.frames[1], 1, HB_CAUSE_SYNC, 0, 255, 255, 255, 255, 0, 1);
    assert_fault(&fx->cap.frames[2], 1, HB_FAULT_OUTPUT_STUCK, 1);
    assert_state(&fx->cap.frames[3], 2, HB_CAUSE_SYNC, 0, 255, 255, 255, 255, 0, 1);
    assert_state(&fx->cap.frames[4], 3, HB_CAUSE_SYNC, 0, 255, 255, 255, 255, 0, 1);
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_STATE_REQ, 2, &one, 1, BOOT_MS + 1);
    assert_int_equal(fx->cap.count, 2);
    assert_fault(&fx->cap.frames[1], 1, HB_FAULT_OUTPUT_STUCK, 1);
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_STATE_REQ, 3, &two, 1, BOOT_MS + 1);
    assert_int_equal(fx->cap.count, 1); /* a working light: no FAULT 0 in a sync answer */
    hb_core_set_fault(&fx->core, 1, HB_FAULT_NONE);
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_STATE_REQ, 4, &one, 1, BOOT_MS + 1);
    assert_int_equal(fx->cap.count, 1);
    /* HELLO_REQ starts a host session but the hardware is what it is: a fault survives it (and shows on sync). */
    hb_core_set_fault(&fx->core, 2, HB_FAULT_OUTPUT_STUCK);
    cap_send(&fx->core, HB_T_HELLO_REQ, 5, NULL, 0, BOOT_MS + 1);
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_STATE_REQ, 6, &two, 1, BOOT_MS + 1);
    assert_int_equal(fx->cap.count, 2);
    assert_fault(&fx->cap.frames[1], 2, HB_FAULT_OUTPUT_STUCK, 3);
}

static void test_button_toggles_and_reports(void **state)
{
    fixture *fx = *state;
    send_set(fx, 1, 0, HB_F_ON | HB_F_EFFECT, 1, 0, 0, 0, 0, 0, HB_EFFECT_BLINK);
    cap_clear(&fx->cap);
    hb_core_button(&fx->core, 0, BOOT_MS + 1);
    assert_int_equal(fx->cap.count, 1);
    assert_state(&fx->cap.frames[0], 0, HB_CAUSE_BUTTON, 0, 255, 255, 255, 255, 0, 2);
    cap_clear(&fx->cap);
    hb_core_button(&fx->core, 0, BOOT_MS + 2);
    assert_state(&fx->cap.frames[0], 0, HB_CAUSE_BUTTON, 1, 255, 255, 255, 255, 0, 3);
    cap_clear(&fx->cap);
    hb_core_button(&fx->core, 7, BOOT_MS + 3); /* no such light: ignored */
    assert_int_equal(fx->cap.count, 0);
}

static void test_state_gen_wraps(void **state)
{
    fixture *fx = *state;
    fx->core.state_gen = 0xFFFF;
    send_set(fx, 1, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    assert_ack_state(&fx->cap.frames[0], 1, 0, 1, 255, 255, 255, 255, 0, 0);
}

static void test_failsafe_restores_default(void **state)
{
    fixture *fx = *state;
    send_set(fx, 1, HB_LIGHT_ALL, HB_F_ON, 1, 0, 0, 0, 0, 0, 0); /* last frame at BOOT_MS + 100 */
    cap_clear(&fx->cap);
    hb_core_tick(&fx->core, BOOT_MS + 100 + 2999);
    assert_int_equal(fx->cap.count, 0);
    hb_core_tick(&fx->core, BOOT_MS + 100 + 3000);
    assert_int_equal(fx->cap.count, 4);
    for (uint8_t i = 0; i < 4; i++) {
        assert_state(&fx->cap.frames[i], i, HB_CAUSE_FAILSAFE, 0, 255, 255, 255, 255, 0, (uint16_t)(5 + i));
    }
    assert_int_equal(fx->cap.failsafe_calls, 1);
    hb_core_tick(&fx->core, BOOT_MS + 100 + 9000); /* fires once per silence */
    assert_int_equal(fx->cap.failsafe_calls, 1);
    cap_send(&fx->core, HB_T_PING, 2, NULL, 0, BOOT_MS + 10000); /* host is back: re-armed */
    hb_core_tick(&fx->core, BOOT_MS + 13000);
    assert_int_equal(fx->cap.failsafe_calls, 2);
}

static void test_failsafe_keep_changes_nothing(void **state)
{
    fixture *fx = *state;
    send_set(fx, 1, 0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0);
    cap_clear(&fx->cap);
    hb_core_tick(&fx->core, BOOT_MS + 100 + 3000);
    assert_int_equal(fx->cap.failsafe_calls, 1);
    assert_int_equal(fx->cap.count, 0);
    assert_int_equal(fx->core.lights[0].st.on, 1);
}

static void test_failsafe_off_never_fires(void **state)
{
    fixture *fx = *state;
    hb_core_tick(&fx->core, BOOT_MS + 0x7FFFFFFFu);
    assert_int_equal(fx->cap.failsafe_calls, 0);
}

static void test_log_frames(void **state)
{
    fixture *fx = *state;
    char text[300];
    memset(text, 'x', sizeof text);
    cap_clear(&fx->cap);
    hb_core_log(&fx->core, HB_LOG_INFO, "boot ok", 7);
    hb_core_log(&fx->core, HB_LOG_WARN, text, sizeof text);
    assert_int_equal(fx->cap.count, 2);
    assert_int_equal(fx->cap.frames[0].type, HB_T_LOG);
    assert_int_equal(fx->cap.frames[0].len, 8);
    assert_int_equal(fx->cap.frames[0].payload[0], HB_LOG_INFO);
    assert_memory_equal(fx->cap.frames[0].payload + 1, "boot ok", 7);
    assert_int_equal(fx->cap.frames[1].len, HB_MAX_PAYLOAD); /* cut to one frame */
}

static void test_log_boot_names_the_boot_id(void **state)
{
    fixture *fx = *state;
    static const struct {
        uint32_t id;
        const char *text;
    } cases[] = {{0x1a2b3c4du, "boot 1a2b3c4d"},
                 {0x00000f00u, "boot 00000f00"},
                 {0u, "boot 00000000"},
                 {0xffffffffu, "boot ffffffff"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fx->core.boot_id = cases[i].id;
        cap_clear(&fx->cap);
        hb_core_log_boot(&fx->core);
        assert_int_equal(fx->cap.count, 1);
        assert_int_equal(fx->cap.frames[0].type, HB_T_LOG);
        assert_int_equal(fx->cap.frames[0].payload[0], HB_LOG_INFO);
        assert_int_equal(fx->cap.frames[0].len, 1 + strlen(cases[i].text));
        assert_memory_equal(fx->cap.frames[0].payload + 1, cases[i].text, strlen(cases[i].text));
    }
}

static void test_init_rejects_bad_config(void **state)
{
    (void)state;
    static hb_core c;
    capture cap;
    hb_port port;
    cap_init(&cap, &port);
    hb_board_cfg cfg = hb_default_board();
    cfg.light_count = 0;
    assert_int_equal(hb_core_init(&c, &cfg, &port, 1, 0), -1);
    cfg.light_count = HB_MAX_LIGHTS + 1;
    assert_int_equal(hb_core_init(&c, &cfg, &port, 1, 0), -1);
    hb_light_cfg odd = {7, 1, "odd"};
    cfg.light_count = 1;
    cfg.lights = &odd;
    assert_int_equal(hb_core_init(&c, &cfg, &port, 1, 0), -1);
    cfg = hb_default_board();
    port.write = NULL;
    assert_int_equal(hb_core_init(&c, &cfg, &port, 1, 0), -1);
    assert_int_equal(cap.total, 0);
}

static void test_eight_lights_with_long_names_fit_hello(void **state)
{
    (void)state;
    static hb_core c;
    capture cap;
    hb_port port;
    hb_light_cfg lights[HB_MAX_LIGHTS];
    for (int i = 0; i < (int)HB_MAX_LIGHTS; i++) {
        lights[i].kind = HB_KIND_STRIP;
        lights[i].pixels = 300;
        lights[i].name = "a name longer than fifteen bytes";
    }
    hb_board_cfg cfg = {"1.2.3-very-long-version", HB_MAX_LIGHTS, lights, 0, 0};
    cap_init(&cap, &port);
    assert_int_equal(hb_core_init(&c, &cfg, &port, 1, 0), 0);
    assert_int_equal(cap.frames[0].type, HB_T_HELLO);
    assert_int_equal(cap.frames[0].len, 190);
    assert_int_equal(cap.frames[0].payload[1], 15); /* cut at 15 bytes */
    assert_int_equal(cap.bad_writes, 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_boot_sends_hello),
        T(test_hello_req_answers_hello_and_rejects_payload),
        T(test_set_on_each_kind),
        T(test_set_without_change_acks_without_state),
        T(test_set_capability_rules),
        T(test_set_all_lights_is_all_or_nothing),
        T(test_off_stops_effect_unless_effect_is_set_too),
        T(test_duplicate_set_is_answered_but_not_applied_again),
        T(test_duplicate_window_holds_eight),
        T(test_malformed_set_is_not_remembered),
        T(test_hello_req_clears_duplicate_window),
        T(test_stale_retransmission_is_acked_but_not_applied),
        T(test_all_lights_set_is_stale_light_by_light),
        T(test_sequence_order_survives_the_16_bit_wrap),
        T(test_hello_req_clears_the_last_applied_seq),
        T(test_last_applied_seq_ages_out_as_the_host_counter_moves_on),
        T(test_state_req),
        T(test_fault_changes_are_reported_once_and_move_state_gen),
        T(test_state_req_follows_a_faulted_lights_state_with_its_fault),
        T(test_ping_pong_carries_generation_and_uptime),
        T(test_unknown_and_board_types_get_unknown_type),
        T(test_reboot_req_acks_then_reboots_and_drops_the_rest),
        T(test_reboot_req_without_a_reboot_callback_is_an_unknown_type),
        T(test_boot_text_and_split_reads_do_not_lose_frames),
        T(test_button_toggles_and_reports),
        T(test_state_gen_wraps),
        cmocka_unit_test_setup_teardown(test_failsafe_restores_default, setup_failsafe_restore, teardown),
        cmocka_unit_test_setup_teardown(test_failsafe_keep_changes_nothing, setup_failsafe_keep, teardown),
        T(test_failsafe_off_never_fires),
        T(test_log_frames),
        T(test_log_boot_names_the_boot_id),
        cmocka_unit_test(test_init_rejects_bad_config),
        cmocka_unit_test(test_eight_lights_with_long_names_fit_hello),
    };
    return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
