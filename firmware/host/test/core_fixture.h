/*
 * The fixture of the core's dispatcher tests (test_core, test_core_rules): the default board booted at BOOT_MS
 * behind a capture port, and asserts for each answer the board sends. Test code only; not thread-safe (one
 * static fixture).
 */
#ifndef HB_TEST_CORE_FIXTURE_H
#define HB_TEST_CORE_FIXTURE_H

#include <stdint.h>

#include "capture.h"
#include "hilbridge/hb_core.h"

typedef struct {
    hb_board_cfg cfg;
    hb_port port;
    capture cap;
    hb_core core;
} fixture;

#define BOOT_MS 5000u

int setup_with(void **state, uint32_t failsafe_ms, uint8_t action);
int setup(void **state);
int setup_failsafe_restore(void **state);
int setup_failsafe_keep(void **state);
int teardown(void **state);
void send_set(fixture *fx, uint16_t seq, uint8_t light, uint8_t fields, uint8_t on, uint8_t bri, uint8_t r, uint8_t g,
              uint8_t b, uint16_t transition, uint8_t effect);
void assert_ack(const cap_frame *f, uint16_t seq, uint16_t gen);
void assert_nack(const cap_frame *f, uint16_t seq, uint8_t code);
void assert_state(const cap_frame *f, uint8_t light, uint8_t cause, uint8_t on, uint8_t bri, uint8_t r, uint8_t g,
                  uint8_t b, uint8_t effect, uint16_t gen);
void assert_ack_state(const cap_frame *f, uint16_t seq, uint8_t light, uint8_t on, uint8_t bri, uint8_t r, uint8_t g,
                      uint8_t b, uint8_t effect, uint16_t gen);
void assert_fault(const cap_frame *f, uint8_t light, uint8_t fault, uint16_t gen);

#endif
