/*
 * The dispatcher on the target (uart-link.md section 4): boot HELLO byte-for-byte against the
 * golden vector, SET → ACK_STATE, the duplicate window, every NACK code, STATE_REQ, PING.
 * The core runs with the board image's light table (the default board) and a port that decodes its output.
 */
#include <string.h>

#include "default_board.h"
#include "hilbridge/hb_core.h"
#include "hilbridge/hb_frame.h"
#include "qv_check.h"

#define MAX_OUT 16

typedef struct {
    uint8_t type;
    uint16_t seq;
    uint8_t len;
    uint8_t payload[HB_MAX_PAYLOAD];
} out_frame;

typedef struct {
    hb_decoder dec;
    out_frame frames[MAX_OUT];
    int count;
    int overflow;
    uint8_t first_write[HB_MAX_WIRE];
    size_t first_write_len;
    int writes;
} capture;

static void cap_write(void *ctx, const uint8_t *data, size_t len)
{
    capture *c = ctx;
    if (c->writes++ == 0 && len <= sizeof c->first_write) {
        memcpy(c->first_write, data, len);
        c->first_write_len = len;
    }
    for (size_t i = 0; i < len; i++) {
        hb_frame f;
        if (hb_decoder_push(&c->dec, data[i], &f) != HB_DEC_FRAME) {
            continue;
        }
        if (c->count >= MAX_OUT) {
            c->overflow = 1;
            continue;
        }
        out_frame *o = &c->frames[c->count++];
        o->type = f.type;
        o->seq = f.seq;
        o->len = f.len;
        memcpy(o->payload, f.payload, f.len);
    }
}

static void cap_reset(capture *c)
{
    c->count = 0;
}

static hb_board_cfg board;

static hb_core core;
static capture cap;

static void boot(uint32_t boot_id)
{
    memset(&cap, 0, sizeof cap);
    hb_decoder_init(&cap.dec);
    board = hb_default_board();
    hb_port port = {&cap, cap_write, NULL, NULL, NULL, NULL}; /* no tx_idle: always idle */
    CHECK(hb_core_init(&core, &board, &port, boot_id, 1000) == 0, "hb_core_init failed");
}

/* Sends one host frame to the core, after clearing the capture. */
static void send(uint8_t type, uint16_t seq, const uint8_t *payload, size_t len)
{
    uint8_t wire[HB_MAX_WIRE];
    size_t n = hb_frame_encode(wire, sizeof wire, type, seq, payload, len);
    cap_reset(&cap);
    hb_core_rx(&core, wire, n, 2000);
}

static uint16_t u16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

/* Checks that frame i is an ACK for seq; returns its state_gen. */
static uint16_t expect_ack(int i, uint16_t seq)
{
    CHECK(cap.count > i && cap.frames[i].type == HB_T_ACK && cap.frames[i].len == 4, "frame %d is not an ACK", i);
    if (cap.count <= i || cap.frames[i].len != 4) {
        return 0;
    }
    CHECK(u16(cap.frames[i].payload) == seq, "ACK for seq %u, want %u", (unsigned)u16(cap.frames[i].payload),
          (unsigned)seq);
    return u16(cap.frames[i].payload + 2);
}

/*
 * Checks that the answer is exactly one ACK_STATE for seq (a SET that changed one light) reporting `light` with
 * `on`; returns its state_gen.
 */
static uint16_t expect_ack_state(uint16_t seq, uint8_t light, uint8_t on)
{
    CHECK(cap.count == 1 && cap.frames[0].type == HB_T_ACK_STATE && cap.frames[0].len == 11,
          "want exactly one ACK_STATE, got %d frames", cap.count);
    if (cap.count < 1 || cap.frames[0].len != 11) {
        return 0;
    }
    const uint8_t *p = cap.frames[0].payload;
    CHECK(u16(p) == seq && p[4] == light && p[5] == on, "ACK_STATE seq %u light %u on %u, want %u %u %u",
          (unsigned)u16(p), (unsigned)p[4], (unsigned)p[5], (unsigned)seq, (unsigned)light, (unsigned)on);
    return u16(p + 2);
}

static void expect_nack(uint16_t seq, uint8_t code)
{
    CHECK(cap.count == 1 && cap.frames[0].type == HB_T_NACK && cap.frames[0].len == 3,
          "want exactly one NACK, got %d frames", cap.count);
    if (cap.count >= 1 && cap.frames[0].len == 3) {
        CHECK(u16(cap.frames[0].payload) == seq && cap.frames[0].payload[2] == code, "NACK seq %u code %u, want %u %u",
              (unsigned)u16(cap.frames[0].payload), (unsigned)cap.frames[0].payload[2], (unsigned)seq, (unsigned)code);
    }
}

static int find_vector(const vj_doc *doc, const char *name)
{
    int arr = vj_get(doc, 0, "vectors");
    for (int i = 0; arr >= 0 && i < doc->toks[arr].size; i++) {
        int v = vj_at(doc, arr, i);
        if (vj_eq(doc, vj_get(doc, v, "name"), name)) {
            return v;
        }
    }
    return -1;
}

/* Feeds a message vector's wire bytes to the core. */
static void send_vector(const vj_doc *doc, const char *name)
{
    uint8_t wire[512];
    int v = find_vector(doc, name);
    int n = vj_hex(doc, vj_get(doc, v, "wire_hex"), wire, sizeof wire);
    CHECK(n > 0, "vector %s missing", name);
    cap_reset(&cap);
    if (n > 0) {
        hb_core_rx(&core, wire, (size_t)n, 2000);
    }
}

static void test_boot_hello(const vj_doc *doc)
{
    qv_context = "boot";
    uint8_t want[512];
    int v = find_vector(doc, "hello_default_board");
    long boot_id = vj_int(doc, vj_get(doc, vj_get(doc, v, "fields"), "bootId"));
    int n = vj_hex(doc, vj_get(doc, v, "wire_hex"), want, sizeof want);
    boot((uint32_t)boot_id);
    /* Same board, same boot_id, first frame (seq 0): the wire bytes must be the vector's. */
    CHECK(n > 0 && cap.first_write_len == (size_t)n && memcmp(cap.first_write, want, (size_t)n) == 0,
          "boot HELLO differs from hello_default_board (%u bytes, want %d)", (unsigned)cap.first_write_len, n);
    /* The HELLO alone announces the boot (uart-link.md section 4; the host asks with STATE_REQ). */
    CHECK(cap.count == 1, "boot sends only the HELLO, got %d frames", cap.count);
}

static void test_set_ack_state(const vj_doc *doc)
{
    qv_context = "set_on";
    uint8_t want[64];
    boot(1);
    send_vector(doc, "set_on");
    int sv = find_vector(doc, "state_command");
    int sn = vj_hex(doc, vj_get(doc, sv, "payload_hex"), want, sizeof want);
    /* One light changed: one ACK_STATE, standing for the state_command STATE and the ACK of seq 1. */
    CHECK(expect_ack_state(1, 0, 1) == 1, "ACK_STATE carries state_gen 1");
    CHECK(sn == 10 && cap.count >= 1 && cap.frames[0].payload[4] == want[0] &&
              memcmp(cap.frames[0].payload + 5, want + 2, 6) == 0 && u16(cap.frames[0].payload + 2) == u16(want + 8),
          "ACK_STATE differs from state_command");

    qv_context = "duplicate";
    send_vector(doc, "set_on"); /* same seq again: answered, not applied */
    CHECK(expect_ack_state(1, 0, 1) == 1, "a duplicate gets the remembered ACK_STATE, state_gen 1");
    send_vector(doc, "set_off"); /* seq 2 */
    CHECK(expect_ack_state(2, 0, 0) == 2, "set_off applied, state_gen 2");

    qv_context = "hello_req clears window";
    send_vector(doc, "hello_req");
    CHECK(cap.count == 1 && cap.frames[0].type == HB_T_HELLO, "HELLO_REQ answers HELLO");
    send_vector(doc, "set_on"); /* seq 1 again, but a new session: applied */
    CHECK(expect_ack_state(1, 0, 1) == 3, "seq 1 after HELLO_REQ is applied again, state_gen 3");
}

static void test_every_set_vector(const vj_doc *doc)
{
    /* Expected answers on the default board (capability table, uart-link.md section 3). */
    static const struct {
        const char *name;
        uint8_t nack;
        int states;
    } cases[] = {
        {"set_on", 0, 1},
        {"set_off", 0, 0}, /* already off: no change, no STATE, still an ACK */
        {"set_dim_transition", 0, 1},
        {"set_color_zero_bytes", 0, 1},
        {"set_all_effect", HB_NACK_UNSUPPORTED, 0}, /* breathe is not an ONOFF effect: all-or-nothing */
        {"set_everything", 0, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        qv_context = cases[i].name;
        boot(2);
        send_vector(doc, cases[i].name);
        int v = find_vector(doc, cases[i].name);
        uint16_t seq = (uint16_t)vj_int(doc, vj_get(doc, v, "seq"));
        if (cases[i].nack != 0) {
            expect_nack(seq, cases[i].nack);
            continue;
        }
        if (cases[i].states == 1) {
            int sv = find_vector(doc, cases[i].name);
            int light = (int)vj_int(doc, vj_get(doc, vj_get(doc, sv, "fields"), "light"));
            CHECK(expect_ack_state(seq, (uint8_t)light, core.lights[light].st.on) == 1, "one change: state_gen 1");
        } else {
            CHECK(cap.count == 1, "no change: only an ACK, got %d frames", cap.count);
            expect_ack(0, seq);
        }
    }
}

static void test_nacks(void)
{
    uint8_t p[HB_SET_PAYLOAD_LEN];
    boot(3);
    qv_context = "nack bad light";
    memset(p, 0, sizeof p);
    p[0] = 9;
    p[1] = HB_F_ON;
    send(HB_T_SET, 100, p, sizeof p);
    expect_nack(100, HB_NACK_BAD_LIGHT);

    qv_context = "nack unsupported";
    memset(p, 0, sizeof p);
    p[0] = 0; /* ONOFF has no colour */
    p[1] = HB_F_COLOR;
    send(HB_T_SET, 101, p, sizeof p);
    expect_nack(101, HB_NACK_UNSUPPORTED);

    qv_context = "nack out of range";
    memset(p, 0, sizeof p);
    p[0] = 2;
    p[1] = HB_F_ON;
    p[2] = 2;
    send(HB_T_SET, 102, p, sizeof p);
    expect_nack(102, HB_NACK_OUT_OF_RANGE);
    p[1] = 0x20; /* reserved field bit */
    send(HB_T_SET, 103, p, sizeof p);
    expect_nack(103, HB_NACK_OUT_OF_RANGE);

    qv_context = "nack malformed";
    send(HB_T_SET, 104, p, sizeof p - 1);
    expect_nack(104, HB_NACK_MALFORMED);
    send(HB_T_PING, 105, p, 1);
    expect_nack(105, HB_NACK_MALFORMED);

    qv_context = "malformed is not remembered";
    uint8_t ok[HB_SET_PAYLOAD_LEN] = {0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0, 0};
    send(HB_T_SET, 110, ok, sizeof ok - 1); /* corrupted length: answered MALFORMED ... */
    expect_nack(110, HB_NACK_MALFORMED);
    send(HB_T_SET, 110, ok, sizeof ok); /* ... so the intact retransmission is applied */
    expect_ack_state(110, 0, 1);
    ok[2] = 0;
    send(HB_T_SET, 111, ok, sizeof ok); /* back off, so the checks below see an untouched board */
    expect_ack_state(111, 0, 0);

    qv_context = "nack unknown type";
    send(0x42, 106, NULL, 0);
    expect_nack(106, HB_NACK_UNKNOWN_TYPE);
    send(HB_T_ACK, 107, p, 4); /* a board-to-host type */
    expect_nack(107, HB_NACK_UNKNOWN_TYPE);

    qv_context = "nack changes nothing";
    uint8_t all = HB_LIGHT_ALL;
    send(HB_T_STATE_REQ, 108, &all, 1);
    CHECK(cap.count == 4, "STATE_REQ 0xFF answers 4 STATE, got %d", cap.count);
    for (int i = 0; i < cap.count; i++) {
        CHECK(cap.frames[i].type == HB_T_STATE && cap.frames[i].payload[1] == HB_CAUSE_SYNC &&
                  cap.frames[i].payload[2] == 0 &&
                  u16(cap.frames[i].payload + 8) == 2 /* board-wide: the on and off of seq 110, 111 */,
              "light %d untouched by the NACKed SETs", i);
    }
}

static void test_ping(void)
{
    qv_context = "ping";
    boot(4);
    send(HB_T_PING, 77, NULL, 0);
    CHECK(cap.count == 1 && cap.frames[0].type == HB_T_PONG && cap.frames[0].len == 8, "PING answers PONG");
    if (cap.count == 1 && cap.frames[0].len == 8) {
        const uint8_t *p = cap.frames[0].payload;
        uint32_t uptime = (uint32_t)p[4] | ((uint32_t)p[5] << 8) | ((uint32_t)p[6] << 16) | ((uint32_t)p[7] << 24);
        CHECK(u16(p) == 77 && u16(p + 2) == 0 && uptime == 1000, "PONG ping_seq %u state_gen %u uptime %lu",
              (unsigned)u16(p), (unsigned)u16(p + 2), (unsigned long)uptime);
    }
    qv_context = "state_req one";
    uint8_t light = 2;
    send(HB_T_STATE_REQ, 78, &light, 1);
    CHECK(cap.count == 1 && cap.frames[0].type == HB_T_STATE && cap.frames[0].payload[0] == 2, "STATE_REQ 2");
    light = 4;
    send(HB_T_STATE_REQ, 79, &light, 1);
    expect_nack(79, HB_NACK_BAD_LIGHT);
}

/* Per-light ordering across the 16-bit wrap, on the target's own integer widths (uart-link.md section 4). */
static void test_stale_order(void)
{
    qv_context = "stale order";
    boot(5);
    uint8_t on[10] = {0, HB_F_ON, 1, 0, 0, 0, 0, 0, 0, 0};
    uint8_t off[10] = {0, HB_F_ON, 0, 0, 0, 0, 0, 0, 0, 0};
    send(HB_T_SET, 0xFFFE, on, sizeof on);
    send(HB_T_SET, 0x0001, off, sizeof off); /* 3 after 0xFFFE: newer, applied */
    CHECK(expect_ack_state(0x0001, 0, 0) == 2, "0x0001 applied");
    send(HB_T_SET, 0xFFFF, on, sizeof on); /* older than 0x0001: ACKed, not applied */
    CHECK(cap.count == 1 && expect_ack(0, 0xFFFF) == 2 && core.lights[0].st.on == 0, "stale 0xFFFF not applied");
}

void test_dispatch(const vj_doc *messages)
{
    test_boot_hello(messages);
    test_set_ack_state(messages);
    test_every_set_vector(messages);
    test_nacks();
    test_ping();
    test_stale_order();
    CHECK(!cap.overflow, "capture overflowed");
}
