/*
 * The golden vectors of protocol-spec/vectors/, the same files the Java tests
 * read: CRC, COBS, every message's wire bytes, and decoder streams.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "capture.h"
#include "default_board.h"
#include "hilbridge/hb_cobs.h"
#include "hilbridge/hb_crc16.h"
#include "hilbridge/hb_frame.h"
#include "vec_file.h"

/* Big enough for any hex field of the vectors (the longest is a stream of a few frames). */
#define HEX_CAP 1024

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
    vec_file file;
    vec_open(&file, "crc16.json");
    for (int i = 0; i < vec_count(&file); i++) {
        int v = vec_at(&file, i);
        uint8_t data[HEX_CAP];
        size_t n = vec_hex(&file, v, "data_hex", data, sizeof data);
        assert_int_equal(hb_crc16(data, n), vec_int(&file, v, "crc"));
    }
    vec_close(&file);
}

static void test_cobs(void **state)
{
    (void)state;
    vec_file file;
    vec_open(&file, "cobs.json");
    for (int i = 0; i < vec_count(&file); i++) {
        int v = vec_at(&file, i);
        uint8_t dec[HEX_CAP], enc[HEX_CAP];
        size_t dn = vec_hex(&file, v, "decoded_hex", dec, sizeof dec);
        size_t en = vec_hex(&file, v, "encoded_hex", enc, sizeof enc);
        size_t n;
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
        /* Too small an output buffer is reported, not overrun: for every size short of the encoding, the bytes
         * just past the buffer keep their guard value (an encoder that writes a code byte at out[cap] fails). */
        for (size_t cap = 0; cap < en; cap++) {
            uint8_t guarded[HEX_CAP + 8];
            memset(guarded, 0xA5, sizeof guarded);
            assert_int_equal(cobs_encode(dec, dn, guarded, cap), 0);
            for (size_t g = cap; g < cap + 8; g++) {
                assert_int_equal(guarded[g], 0xA5);
            }
        }
    }
    vec_close(&file);
}

static int type_code(const char *name)
{
    static const struct {
        const char *name;
        int code;
    } types[] = {{"HELLO_REQ", HB_T_HELLO_REQ},
                 {"HELLO", HB_T_HELLO},
                 {"SET", HB_T_SET},
                 {"ACK", HB_T_ACK},
                 {"NACK", HB_T_NACK},
                 {"STATE", HB_T_STATE},
                 {"STATE_REQ", HB_T_STATE_REQ},
                 {"PING", HB_T_PING},
                 {"PONG", HB_T_PONG},
                 {"LOG", HB_T_LOG},
                 {"ACK_STATE", HB_T_ACK_STATE},
                 {"FAULT", HB_T_FAULT},
                 {"REBOOT_REQ", HB_T_REBOOT_REQ},
                 {"PIXELS_SUB", HB_T_PIXELS_SUB},
                 {"PIXELS", HB_T_PIXELS},
                 {"SET_PIXELS", HB_T_SET_PIXELS}};
    for (int i = 0; i < (int)(sizeof types / sizeof types[0]); i++) {
        if (strcmp(types[i].name, name) == 0) {
            return types[i].code;
        }
    }
    fail_msg("unknown type %s", name);
    return -1;
}

static void test_messages_encode_and_decode(void **state)
{
    (void)state;
    vec_file file;
    vec_open(&file, "messages.json");
    for (int i = 0; i < vec_count(&file); i++) {
        int v = vec_at(&file, i);
        uint8_t payload[HEX_CAP], frame[HEX_CAP], wire[HEX_CAP];
        size_t pn = vec_hex(&file, v, "payload_hex", payload, sizeof payload);
        size_t fn = vec_hex(&file, v, "frame_hex", frame, sizeof frame);
        size_t wn = vec_hex(&file, v, "wire_hex", wire, sizeof wire);
        uint8_t type = (uint8_t)type_code(vec_str(&file, v, "type"));
        uint16_t seq = (uint16_t)vec_int(&file, v, "seq");
        uint8_t out[HB_MAX_WIRE];

        size_t n = hb_frame_encode(out, sizeof out, type, seq, payload, pn);
        assert_int_equal(n, wn);
        assert_memory_equal(out, wire, wn);
        /* Every buffer short of the frame gets 0 and nothing written at or past its end. */
        for (size_t cap = 0; cap < wn; cap++) {
            uint8_t guarded[HB_MAX_WIRE + 8];
            memset(guarded, 0xA5, sizeof guarded);
            assert_int_equal(hb_frame_encode(guarded, cap, type, seq, payload, pn), 0);
            for (size_t g = cap; g < wn + 8 && g < sizeof guarded; g++) {
                assert_int_equal(guarded[g], 0xA5);
            }
        }

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
    }
    vec_close(&file);
}

/* A payload over HB_MAX_PAYLOAD is refused even with room to spare (uart-link.md section 2, sizes). */
static void test_frame_refuses_an_oversized_payload(void **state)
{
    (void)state;
    uint8_t payload[HB_MAX_PAYLOAD + 1];
    uint8_t out[2 * HB_MAX_WIRE];
    memset(payload, 0x11, sizeof payload);
    assert_int_equal(hb_frame_encode(out, sizeof out, HB_T_LOG, 1, payload, HB_MAX_PAYLOAD + 1), 0);
    assert_true(hb_frame_encode(out, sizeof out, HB_T_LOG, 1, payload, HB_MAX_PAYLOAD) > 0);
}

static void test_streams(void **state)
{
    (void)state;
    static const char *const kinds[HB_ERR_KINDS] = {"oversize", "cobs", "runt", "crc", "version"};
    vec_file file;
    vec_open(&file, "streams.json");
    for (int i = 0; i < vec_count(&file); i++) {
        int v = vec_at(&file, i);
        int want = vec_get(&file, v, "frames");
        int want_count = file.doc.toks[want].size;
        uint8_t input[HEX_CAP];
        size_t in_len = vec_hex(&file, v, "input_hex", input, sizeof input);
        hb_decoder d;
        hb_frame f;
        int got = 0;
        long dropped = 0; /* HB_DEC_ERROR answers: one per counted error */
        hb_decoder_init(&d);
        for (size_t k = 0; k < in_len; k++) {
            hb_dec_result r = hb_decoder_push(&d, input[k], &f);
            if (r == HB_DEC_ERROR) {
                dropped++;
            }
            if (r != HB_DEC_FRAME) {
                continue;
            }
            if (got >= want_count) {
                fail_msg("stream %s: unexpected extra frame", vec_str(&file, v, "name"));
            }
            int w = vj_at(&file.doc, want, got++);
            uint8_t payload[HEX_CAP];
            size_t pn = vec_hex(&file, w, "payload_hex", payload, sizeof payload);
            assert_int_equal(f.type, vec_int(&file, w, "type"));
            assert_int_equal(f.seq, vec_int(&file, w, "seq"));
            assert_int_equal(f.len, pn);
            if (pn > 0) {
                assert_memory_equal(f.payload, payload, pn);
            }
        }
        if (got != want_count) {
            fail_msg("stream %s: %d frames, want %d", vec_str(&file, v, "name"), got, want_count);
        }
        int errors = vec_get(&file, v, "errors");
        long counted = 0;
        for (int k = 0; k < HB_ERR_KINDS; k++) {
            counted += vec_int(&file, errors, kinds[k]);
            if ((long)d.errors[k] != vec_int(&file, errors, kinds[k])) {
                fail_msg("stream %s: %s errors %u, want %ld", vec_str(&file, v, "name"), kinds[k],
                         (unsigned)d.errors[k], vec_int(&file, errors, kinds[k]));
            }
        }
        if (dropped != counted) {
            fail_msg("stream %s: %ld drops answered HB_DEC_ERROR, want %ld", vec_str(&file, v, "name"), dropped,
                     counted);
        }
    }
    vec_close(&file);
}

static void assert_payload(const cap_frame *f, const vec_file *file, int v)
{
    uint8_t payload[HEX_CAP];
    size_t pn = vec_hex(file, v, "payload_hex", payload, sizeof payload);
    assert_int_equal(f->type, type_code(vec_str(file, v, "type")));
    assert_int_equal(f->len, pn);
    assert_memory_equal(f->payload, payload, pn);
}

/* The board core speaks the vectors: HELLO byte for byte, the answer to a SET, STATE after a button, ACK_STATE. */
static void test_core_matches_message_vectors(void **state)
{
    (void)state;
    vec_file file;
    vec_open(&file, "messages.json");
    int hello = vec_named(&file, "hello_default_board");
    int fields = vec_get(&file, hello, "fields");
    hb_board_cfg cfg = hb_default_board();
    hb_port port;
    capture cap;
    static hb_core core;
    uint8_t wire[HEX_CAP];
    size_t wn = vec_hex(&file, hello, "wire_hex", wire, sizeof wire);

    cap_init(&cap, &port);
    assert_int_equal(hb_core_init(&core, &cfg, &port, (uint32_t)vec_int(&file, fields, "bootId"), 1000), 0);
    /* The first frame on the wire is exactly the HELLO vector (board seq 0). */
    uint8_t out[HB_MAX_WIRE];
    assert_int_equal(hb_frame_encode(out, sizeof out, cap.frames[0].type, cap.frames[0].seq, cap.frames[0].payload,
                                     cap.frames[0].len),
                     wn);
    assert_memory_equal(out, wire, wn);

    /* set_on as the host sends it, byte for byte. */
    cap_clear(&cap);
    wn = vec_hex(&file, vec_named(&file, "set_on"), "wire_hex", wire, sizeof wire);
    hb_core_rx(&core, wire, wn, 1100);
    /* One light changed: one ACK_STATE standing for the state_command STATE (generation 1) and the ACK of seq 1. */
    assert_int_equal(cap.count, 1);
    assert_int_equal(cap.frames[0].type, HB_T_ACK_STATE);
    assert_int_equal(cap.frames[0].len, 11);
    assert_int_equal(le16(cap.frames[0].payload), 1);
    uint8_t st[HEX_CAP];
    vec_hex(&file, vec_named(&file, "state_command"), "payload_hex", st, sizeof st);
    assert_int_equal(le16(cap.frames[0].payload + 2), le16(st + 8)); /* state_gen */
    assert_int_equal(cap.frames[0].payload[4], st[0]);               /* light */
    assert_memory_equal(cap.frames[0].payload + 5, st + 2, 6);       /* on .. effect, STATE's order */

    cap_clear(&cap);
    hb_core_button(&core, 0, 1200);
    assert_int_equal(cap.count, 1);
    assert_payload(&cap.frames[0], &file, vec_named(&file, "state_button"));

    /* Four more changes (generation 6), then the ack_state vector's SET: its payload byte for byte. */
    for (int i = 0; i < 4; i++) {
        hb_core_button(&core, 0, 1300);
    }
    int ack_state = vec_named(&file, "ack_state");
    int as = vec_get(&file, ack_state, "fields");
    int rgb = vec_get(&file, as, "color");
    uint8_t set[10] = {(uint8_t)vec_int(&file, as, "light"),
                       HB_F_ON | HB_F_BRIGHTNESS | HB_F_COLOR | HB_F_EFFECT,
                       1,
                       (uint8_t)vec_int(&file, as, "brightness"),
                       (uint8_t)vj_int(&file.doc, vj_at(&file.doc, rgb, 0)),
                       (uint8_t)vj_int(&file.doc, vj_at(&file.doc, rgb, 1)),
                       (uint8_t)vj_int(&file.doc, vj_at(&file.doc, rgb, 2)),
                       0,
                       0,
                       (uint8_t)vec_int(&file, as, "effect")};
    cap_clear(&cap);
    cap_send(&core, HB_T_SET, (uint16_t)vec_int(&file, as, "ackSeq"), set, sizeof set, 1400);
    assert_int_equal(cap.count, 1);
    assert_payload(&cap.frames[0], &file, ack_state);
    assert_int_equal(cap.bad_writes, 0);
    vec_close(&file);
}

/* A light found stuck right after boot: the FAULT on the wire is the fault_output_stuck vector, byte for byte. */
static void test_core_fault_matches_vectors(void **state)
{
    (void)state;
    vec_file file;
    vec_open(&file, "messages.json");
    int v = vec_named(&file, "fault_output_stuck");
    int fields = vec_get(&file, v, "fields");
    hb_board_cfg cfg = hb_default_board();
    hb_port port;
    capture cap;
    static hb_core core;
    cap_init(&cap, &port);
    assert_int_equal(hb_core_init(&core, &cfg, &port, 1, 1000), 0); /* HELLO is board seq 0 */
    cap_clear(&cap);
    hb_core_set_fault(&core, (uint8_t)vec_int(&file, fields, "light"), (uint8_t)vec_int(&file, fields, "fault"));
    assert_int_equal(cap.count, 1);
    uint8_t out[HB_MAX_WIRE];
    uint8_t wire[HEX_CAP];
    size_t wn = vec_hex(&file, v, "wire_hex", wire, sizeof wire);
    assert_int_equal(hb_frame_encode(out, sizeof out, cap.frames[0].type, cap.frames[0].seq, cap.frames[0].payload,
                                     cap.frames[0].len),
                     wn);
    assert_memory_equal(out, wire, wn);
    /* The cleared form: the payload of fault_cleared once the board's state_gen is there. */
    int cleared = vec_named(&file, "fault_cleared");
    int cf = vec_get(&file, cleared, "fields");
    while (core.state_gen != (uint16_t)(vec_int(&file, cf, "stateGen") - 1)) {
        hb_core_button(&core, 0, 1100);
    }
    cap_clear(&cap);
    hb_core_set_fault(&core, (uint8_t)vec_int(&file, cf, "light"), (uint8_t)vec_int(&file, cf, "fault"));
    assert_int_equal(cap.count, 1);
    assert_payload(&cap.frames[0], &file, cleared);
    vec_close(&file);
}

/* The live view speaks the vectors: pixels_sub_all from the wire is ACKed, pixels_single is what the core sends. */
static void test_core_pixels_match_vectors(void **state)
{
    (void)state;
    vec_file file;
    vec_open(&file, "messages.json");
    hb_board_cfg cfg = hb_default_board();
    hb_port port;
    capture cap;
    static hb_core core;
    cap_init(&cap, &port);
    assert_int_equal(hb_core_init(&core, &cfg, &port, 1, 1000), 0);
    /* pixels_single: the RGB light, orange (255, 166, 0) at brightness 128, shows (128, 83, 0). */
    uint8_t set[10];
    set_payload(set, 2, HB_F_ON | HB_F_BRIGHTNESS | HB_F_COLOR, 1, 128, 255, 166, 0, 0, 0);
    cap_send(&core, HB_T_SET, 1, set, sizeof set, 1000);
    uint8_t wire[HEX_CAP];
    int sub = vec_named(&file, "pixels_sub_all");
    size_t wn = vec_hex(&file, sub, "wire_hex", wire, sizeof wire);
    cap_clear(&cap);
    hb_core_rx(&core, wire, wn, 1001);
    assert_int_equal(cap.count, 1);
    assert_int_equal(cap.frames[0].type, HB_T_ACK);
    assert_int_equal(le16(cap.frames[0].payload), vec_int(&file, sub, "seq"));
    cap_clear(&cap);
    for (uint32_t t = 1002; t < 1006; t++) {
        hb_core_tick(&core, t); /* one chunk per tick, light by light */
    }
    assert_int_equal(cap.count, 4);
    assert_payload(&cap.frames[2], &file, vec_named(&file, "pixels_single"));
    vec_close(&file);
}

/* The board core takes the SET_PIXELS vectors as the spec means them: ACK_STATE with the PIXELS flag, the runs shown. */
static void test_core_takes_set_pixels_vectors(void **state)
{
    (void)state;
    vec_file file;
    vec_open(&file, "messages.json");
    hb_board_cfg cfg = hb_default_board();
    hb_port port;
    capture cap;
    static hb_core core;
    uint8_t wire[HEX_CAP];

    cap_init(&cap, &port);
    assert_int_equal(hb_core_init(&core, &cfg, &port, 1, 1000), 0);
    cap_clear(&cap);
    size_t wn = vec_hex(&file, vec_named(&file, "set_pixels_on_brightness"), "wire_hex", wire, sizeof wire);
    hb_core_rx(&core, wire, wn, 1100);
    assert_int_equal(cap.count, 1);
    assert_int_equal(cap.frames[0].type, HB_T_ACK_STATE);
    assert_int_equal(cap.frames[0].payload[5], HB_STATE_ON | HB_STATE_PIXELS);
    assert_int_equal(cap.frames[0].payload[6], 64);
    hb_rgb c = hb_core_render(&core, 3, 7, 1100);
    assert_int_equal(c.b, 12); /* 48 at brightness 64: (48 * 64 + 127) / 255 */

    cap_clear(&cap);
    wn = vec_hex(&file, vec_named(&file, "set_pixels_runs"), "wire_hex", wire, sizeof wire);
    hb_core_rx(&core, wire, wn, 1200);
    assert_int_equal(cap.frames[0].type, HB_T_ACK_STATE);
    assert_int_equal(cap.frames[0].payload[5], HB_STATE_ON | HB_STATE_PIXELS);
    c = hb_core_render(&core, 3, 1, 1200);
    assert_int_equal(c.g, 64); /* pixel 1 is green, at brightness 64 */
    assert_int_equal(c.r, 0);
    vec_close(&file);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc16),
        cmocka_unit_test(test_cobs),
        cmocka_unit_test(test_messages_encode_and_decode),
        cmocka_unit_test(test_frame_refuses_an_oversized_payload),
        cmocka_unit_test(test_streams),
        cmocka_unit_test(test_core_matches_message_vectors),
        cmocka_unit_test(test_core_fault_matches_vectors),
        cmocka_unit_test(test_core_pixels_match_vectors),
        cmocka_unit_test(test_core_takes_set_pixels_vectors),
    };
    return cmocka_run_group_tests_name("vectors", tests, NULL, NULL);
}
