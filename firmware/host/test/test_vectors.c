/*
 * The golden vectors of protocol-spec/vectors/, the same files the Java tests
 * read: CRC, COBS, every message's wire bytes, and decoder streams.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "capture.h"
#include "default_board.h"
#include "hilbridge/hb_cobs.h"
#include "hilbridge/hb_crc16.h"
#include "hilbridge/hb_frame.h"
#include "json_mini.h"

static const jm_value *vectors_of(const jm_value *file)
{
    const jm_value *v = jm_get(file, "vectors");
    assert_non_null(v);
    assert_int_equal(v->type, JM_ARR);
    assert_true(v->count > 0);
    return v;
}

static size_t cobs_encode(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
    hb_cobs_enc e;
    hb_cobs_enc_begin(&e, out, cap);
    for (size_t i = 0; i < len; i++) {
        hb_cobs_enc_put(&e, in[i]);
    }
    return hb_cobs_enc_end(&e);
}

static void test_crc16(void **state)
{
    (void)state;
    jm_value *file = jm_load(jm_vector_path("crc16.json"));
    const jm_value *vs = vectors_of(file);
    for (size_t i = 0; i < vs->count; i++) {
        size_t n;
        uint8_t *data = jm_hex(jm_str(&vs->items[i], "data_hex"), &n);
        assert_int_equal(hb_crc16(data, n), jm_int(&vs->items[i], "crc"));
        free(data);
    }
    jm_free(file);
}

static void test_cobs(void **state)
{
    (void)state;
    jm_value *file = jm_load(jm_vector_path("cobs.json"));
    const jm_value *vs = vectors_of(file);
    for (size_t i = 0; i < vs->count; i++) {
        size_t dn, en, n;
        uint8_t *dec = jm_hex(jm_str(&vs->items[i], "decoded_hex"), &dn);
        uint8_t *enc = jm_hex(jm_str(&vs->items[i], "encoded_hex"), &en);
        uint8_t out[1024];
        n = cobs_encode(dec, dn, out, sizeof out);
        assert_int_equal(n, en);
        assert_memory_equal(out, enc, en);
        /* Decoding in place, as the frame decoder does. */
        memcpy(out, enc, en);
        assert_int_equal(hb_cobs_decode(out, en, out, &n), 0);
        assert_int_equal(n, dn);
        if (dn > 0) {
            assert_memory_equal(out, dec, dn);
        }
        /* Too small an output buffer is reported, not overrun. */
        assert_int_equal(cobs_encode(dec, dn, out, en - 1), 0);
        free(dec);
        free(enc);
    }
    jm_free(file);
}

static int type_code(const char *name)
{
    static const char *const names[] = {"HELLO_REQ", "HELLO", "SET",  "ACK",  "NACK",     "STATE",
                                        "STATE_REQ", "PING",  "PONG", "LOG",  "ACK_STATE", "FAULT"};
    for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++) {
        if (strcmp(names[i], name) == 0) {
            return i + 1;
        }
    }
    fail_msg("unknown type %s", name);
    return -1;
}

static void test_messages_encode_and_decode(void **state)
{
    (void)state;
    jm_value *file = jm_load(jm_vector_path("messages.json"));
    const jm_value *vs = vectors_of(file);
    for (size_t i = 0; i < vs->count; i++) {
        const jm_value *v = &vs->items[i];
        size_t pn, fn, wn;
        uint8_t *payload = jm_hex(jm_str(v, "payload_hex"), &pn);
        uint8_t *frame = jm_hex(jm_str(v, "frame_hex"), &fn);
        uint8_t *wire = jm_hex(jm_str(v, "wire_hex"), &wn);
        uint8_t type = (uint8_t)type_code(jm_str(v, "type"));
        uint16_t seq = (uint16_t)jm_int(v, "seq");
        uint8_t out[HB_MAX_WIRE];

        size_t n = hb_frame_encode(out, sizeof out, type, seq, payload, pn);
        assert_int_equal(n, wn);
        assert_memory_equal(out, wire, wn);

        hb_decoder d;
        hb_frame f;
        int frames = 0;
        hb_decoder_init(&d);
        for (size_t k = 0; k < wn; k++) {
            if (hb_decoder_push(&d, wire[k], &f) == HB_DEC_FRAME) {
                frames++;
                assert_int_equal(f.type, type);
                assert_int_equal(f.seq, seq);
                assert_int_equal(f.len, pn);
                if (pn > 0) {
                    assert_memory_equal(f.payload, payload, pn);
                }
                /* The decoded body is frame_hex: header, payload, CRC. */
                assert_memory_equal(f.payload - HB_HEADER_LEN, frame, fn);
            }
        }
        assert_int_equal(frames, 1);
        free(payload);
        free(frame);
        free(wire);
    }
    jm_free(file);
}

static void test_streams(void **state)
{
    (void)state;
    static const char *const kinds[HB_ERR_KINDS] = {"oversize", "cobs", "runt", "crc", "version"};
    jm_value *file = jm_load(jm_vector_path("streams.json"));
    const jm_value *vs = vectors_of(file);
    for (size_t i = 0; i < vs->count; i++) {
        const jm_value *v = &vs->items[i];
        const jm_value *want = jm_get(v, "frames");
        size_t in_len;
        uint8_t *input = jm_hex(jm_str(v, "input_hex"), &in_len);
        hb_decoder d;
        hb_frame f;
        size_t got = 0;
        hb_decoder_init(&d);
        for (size_t k = 0; k < in_len; k++) {
            if (hb_decoder_push(&d, input[k], &f) != HB_DEC_FRAME) {
                continue;
            }
            if (got >= want->count) {
                fail_msg("stream %s: unexpected extra frame", jm_str(v, "name"));
            }
            const jm_value *w = &want->items[got++];
            size_t pn;
            uint8_t *payload = jm_hex(jm_str(w, "payload_hex"), &pn);
            assert_int_equal(f.type, jm_int(w, "type"));
            assert_int_equal(f.seq, jm_int(w, "seq"));
            assert_int_equal(f.len, pn);
            if (pn > 0) {
                assert_memory_equal(f.payload, payload, pn);
            }
            free(payload);
        }
        if (got != want->count) {
            fail_msg("stream %s: %zu frames, want %zu", jm_str(v, "name"), got, want->count);
        }
        const jm_value *errors = jm_get(v, "errors");
        for (int k = 0; k < HB_ERR_KINDS; k++) {
            if ((long)d.errors[k] != jm_int(errors, kinds[k])) {
                fail_msg("stream %s: %s errors %u, want %ld", jm_str(v, "name"), kinds[k],
                         (unsigned)d.errors[k], jm_int(errors, kinds[k]));
            }
        }
        free(input);
    }
    jm_free(file);
}

static const jm_value *message(const jm_value *file, const char *name)
{
    const jm_value *vs = vectors_of(file);
    for (size_t i = 0; i < vs->count; i++) {
        if (strcmp(jm_str(&vs->items[i], "name"), name) == 0) {
            return &vs->items[i];
        }
    }
    fail_msg("no message vector %s", name);
    return NULL;
}

static void assert_payload(const cap_frame *f, const jm_value *v)
{
    size_t pn;
    uint8_t *payload = jm_hex(jm_str(v, "payload_hex"), &pn);
    assert_int_equal(f->type, type_code(jm_str(v, "type")));
    assert_int_equal(f->len, pn);
    assert_memory_equal(f->payload, payload, pn);
    free(payload);
}

/* The board core speaks the vectors: HELLO byte for byte, the answer to a SET, STATE after a button, ACK_STATE. */
static void test_core_matches_message_vectors(void **state)
{
    (void)state;
    jm_value *file = jm_load(jm_vector_path("messages.json"));
    const jm_value *hello = message(file, "hello_default_board");
    const jm_value *fields = jm_get(hello, "fields");
    hb_board_cfg cfg = hb_default_board();
    hb_port port;
    capture cap;
    static hb_core core;
    size_t wn;
    uint8_t *wire = jm_hex(jm_str(hello, "wire_hex"), &wn);

    cap_init(&cap, &port);
    assert_int_equal(hb_core_init(&core, &cfg, &port, (uint32_t)jm_int(fields, "bootId"), 1000), 0);
    /* The first frame on the wire is exactly the HELLO vector (board seq 0). */
    uint8_t out[HB_MAX_WIRE];
    assert_int_equal(hb_frame_encode(out, sizeof out, cap.frames[0].type, cap.frames[0].seq,
                                     cap.frames[0].payload, cap.frames[0].len),
                     wn);
    assert_memory_equal(out, wire, wn);
    free(wire);

    /* set_on as the host sends it, byte for byte. */
    cap_clear(&cap);
    const jm_value *set_on = message(file, "set_on");
    uint8_t *set_wire = jm_hex(jm_str(set_on, "wire_hex"), &wn);
    hb_core_rx(&core, set_wire, wn, 1100);
    free(set_wire);
    /* One light changed: one ACK_STATE standing for the state_command STATE (generation 1) and the ACK of seq 1. */
    assert_int_equal(cap.count, 1);
    assert_int_equal(cap.frames[0].type, HB_T_ACK_STATE);
    assert_int_equal(cap.frames[0].len, 11);
    assert_int_equal(le16(cap.frames[0].payload), 1);
    size_t sn;
    uint8_t *st = jm_hex(jm_str(message(file, "state_command"), "payload_hex"), &sn);
    assert_int_equal(le16(cap.frames[0].payload + 2), le16(st + 8)); /* state_gen */
    assert_int_equal(cap.frames[0].payload[4], st[0]);                /* light */
    assert_memory_equal(cap.frames[0].payload + 5, st + 2, 6);        /* on .. effect, STATE's order */
    free(st);

    cap_clear(&cap);
    hb_core_button(&core, 0, 1200);
    assert_int_equal(cap.count, 1);
    assert_payload(&cap.frames[0], message(file, "state_button"));

    /* Four more changes (generation 6), then the ack_state vector's SET: its payload byte for byte. */
    for (int i = 0; i < 4; i++) {
        hb_core_button(&core, 0, 1300);
    }
    const jm_value *as = jm_get(message(file, "ack_state"), "fields");
    const jm_value *rgb = jm_get(as, "color");
    uint8_t set[10] = {(uint8_t)jm_int(as, "light"), HB_F_ON | HB_F_BRIGHTNESS | HB_F_COLOR | HB_F_EFFECT, 1,
                       (uint8_t)jm_int(as, "brightness"), (uint8_t)rgb->items[0].num, (uint8_t)rgb->items[1].num,
                       (uint8_t)rgb->items[2].num, 0, 0, (uint8_t)jm_int(as, "effect")};
    cap_clear(&cap);
    cap_send(&core, HB_T_SET, (uint16_t)jm_int(as, "ackSeq"), set, sizeof set, 1400);
    assert_int_equal(cap.count, 1);
    assert_payload(&cap.frames[0], message(file, "ack_state"));
    assert_int_equal(cap.bad_writes, 0);
    jm_free(file);
}

/* A light found stuck right after boot: the FAULT on the wire is the fault_output_stuck vector, byte for byte. */
static void test_core_fault_matches_vectors(void **state)
{
    (void)state;
    jm_value *file = jm_load(jm_vector_path("messages.json"));
    const jm_value *v = message(file, "fault_output_stuck");
    const jm_value *fields = jm_get(v, "fields");
    hb_board_cfg cfg = hb_default_board();
    hb_port port;
    capture cap;
    static hb_core core;
    cap_init(&cap, &port);
    assert_int_equal(hb_core_init(&core, &cfg, &port, 1, 1000), 0); /* HELLO is board seq 0 */
    cap_clear(&cap);
    hb_core_set_fault(&core, (uint8_t)jm_int(fields, "light"), (uint8_t)jm_int(fields, "fault"));
    assert_int_equal(cap.count, 1);
    uint8_t out[HB_MAX_WIRE];
    size_t wn;
    uint8_t *wire = jm_hex(jm_str(v, "wire_hex"), &wn);
    assert_int_equal(hb_frame_encode(out, sizeof out, cap.frames[0].type, cap.frames[0].seq, cap.frames[0].payload,
                                     cap.frames[0].len),
                     wn);
    assert_memory_equal(out, wire, wn);
    free(wire);
    /* The cleared form: the payload of fault_cleared once the board's state_gen is there. */
    const jm_value *cleared = message(file, "fault_cleared");
    const jm_value *cf = jm_get(cleared, "fields");
    while (core.state_gen != (uint16_t)(jm_int(cf, "stateGen") - 1)) {
        hb_core_button(&core, 0, 1100);
    }
    cap_clear(&cap);
    hb_core_set_fault(&core, (uint8_t)jm_int(cf, "light"), (uint8_t)jm_int(cf, "fault"));
    assert_int_equal(cap.count, 1);
    assert_payload(&cap.frames[0], cleared);
    jm_free(file);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc16),
        cmocka_unit_test(test_cobs),
        cmocka_unit_test(test_messages_encode_and_decode),
        cmocka_unit_test(test_streams),
        cmocka_unit_test(test_core_matches_message_vectors),
        cmocka_unit_test(test_core_fault_matches_vectors),
    };
    return cmocka_run_group_tests_name("vectors", tests, NULL, NULL);
}
