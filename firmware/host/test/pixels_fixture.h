/*
 * The fixture of the live-view tests (test_pixels, test_pixels_rules): a board booted behind a capture port whose
 * transmitter the test declares idle or busy (hb_port.tx_idle), PIXELS_SUB sent, and ticks that count the PIXELS
 * chunks. Test code only; not thread-safe (one static fixture).
 */
#ifndef HB_TEST_PIXELS_FIXTURE_H
#define HB_TEST_PIXELS_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "capture.h"
#include "hilbridge/hb_core.h"

typedef struct {
    hb_board_cfg cfg;
    hb_light_cfg lights[HB_MAX_LIGHTS];
    hb_port port;
    capture cap;
    hb_core core;
    int tx_busy; /* what tx_idle reports: 1 = the transmitter still has bytes queued */
} pixels_fixture;

/* When the fixture's boards boot, in the core's milliseconds. */
#define BOOT_MS 1000u
/* The strip of pixels_setup_long_strip: longer than one PIXELS chunk (chunks of 16, 16, 8 pixels). */
#define LONG_STRIP 40u

/* cmocka setups: the default board; or light 0 a LONG_STRIP strip and light 1 an RGB light. Both at BOOT_MS. */
int pixels_setup(void **state);
int pixels_setup_long_strip(void **state);

/* Boots a board of `count` lights (NULL: the default board) at `boot_ms`, the capture cleared. */
pixels_fixture *pixels_boot(const hb_light_cfg *lights, uint8_t count, uint32_t boot_ms);

/* cmocka teardown: the core wrote only whole frames. */
int pixels_teardown(void **state);

void pixels_subscribe(pixels_fixture *fx, uint16_t seq, uint8_t light, uint8_t rate, uint32_t now);

size_t count_type(const capture *cap, uint8_t type);

/* Ticks every ms over [from, to) and returns the PIXELS frames sent (the capture holds only this range's frames). */
size_t tick_range(pixels_fixture *fx, uint32_t from, uint32_t to);

#endif
