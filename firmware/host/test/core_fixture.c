/* The dispatcher tests' board: hb_default_board() behind a capture port, booted at BOOT_MS. */
#include "core_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "default_board.h"

int setup_with(void **state, uint32_t failsafe_ms, uint8_t action)
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

int setup(void **state)
{
    return setup_with(state, 0, HB_FAILSAFE_KEEP);
}

int setup_failsafe_restore(void **state)
{
    return setup_with(state, 3000, HB_FAILSAFE_RESTORE);
}

int setup_failsafe_keep(void **state)
{
    return setup_with(state, 3000, HB_FAILSAFE_KEEP);
}

int teardown(void **state)
{
    fixture *fx = *state;
    assert_int_equal(fx->cap.bad_writes, 0);
    return 0;
}

void send_set(fixture *fx, uint16_t seq, uint8_t light, uint8_t fields, uint8_t on, uint8_t bri, uint8_t r, uint8_t g,
              uint8_t b, uint16_t transition, uint8_t effect)
{
    uint8_t p[10];
    set_payload(p, light, fields, on, bri, r, g, b, transition, effect);
    cap_clear(&fx->cap);
    cap_send(&fx->core, HB_T_SET, seq, p, sizeof p, BOOT_MS + 100);
}

void assert_ack(const cap_frame *f, uint16_t seq, uint16_t gen)
{
    assert_int_equal(f->type, HB_T_ACK);
    assert_int_equal(f->len, 4);
    assert_int_equal(le16(f->payload), seq);
    assert_int_equal(le16(f->payload + 2), gen);
}

void assert_nack(const cap_frame *f, uint16_t seq, uint8_t code)
{
    assert_int_equal(f->type, HB_T_NACK);
    assert_int_equal(f->len, 3);
    assert_int_equal(le16(f->payload), seq);
    assert_int_equal(f->payload[2], code);
}

void assert_state(const cap_frame *f, uint8_t light, uint8_t cause, uint8_t on, uint8_t bri, uint8_t r, uint8_t g,
                  uint8_t b, uint8_t effect, uint16_t gen)
{
    assert_int_equal(f->type, HB_T_STATE);
    assert_int_equal(f->len, 10);
    assert_int_equal(f->payload[0], light);
    assert_int_equal(f->payload[1], cause);
    assert_int_equal(f->payload[2], on);
    assert_int_equal(f->payload[3], bri);
    assert_int_equal(f->payload[4], r);
    assert_int_equal(f->payload[5], g);
    assert_int_equal(f->payload[6], b);
    assert_int_equal(f->payload[7], effect);
    assert_int_equal(le16(f->payload + 8), gen);
}

/* One frame for a SET that changed exactly one light: STATE (cause command) and ACK together. */
void assert_ack_state(const cap_frame *f, uint16_t seq, uint8_t light, uint8_t on, uint8_t bri, uint8_t r, uint8_t g,
                      uint8_t b, uint8_t effect, uint16_t gen)
{
    assert_int_equal(f->type, HB_T_ACK_STATE);
    assert_int_equal(f->len, 11);
    assert_int_equal(le16(f->payload), seq);
    assert_int_equal(le16(f->payload + 2), gen);
    assert_int_equal(f->payload[4], light);
    assert_int_equal(f->payload[5], on);
    assert_int_equal(f->payload[6], bri);
    assert_int_equal(f->payload[7], r);
    assert_int_equal(f->payload[8], g);
    assert_int_equal(f->payload[9], b);
    assert_int_equal(f->payload[10], effect);
}

void assert_fault(const cap_frame *f, uint8_t light, uint8_t fault, uint16_t gen)
{
    assert_int_equal(f->type, HB_T_FAULT);
    assert_int_equal(f->len, 4);
    assert_int_equal(f->payload[0], light);
    assert_int_equal(f->payload[1], fault);
    assert_int_equal(le16(f->payload + 2), gen);
}
