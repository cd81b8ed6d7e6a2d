/*
 * The addressable strip (espressif/led_strip over RMT), refreshed by a task of its own. led_strip_refresh waits for
 * the RMT transfer without a time limit, and a strip on a wrong pin, a stuck peripheral or an emulator without RMT
 * never finishes it: the link task only hands pixels over and never waits, and a refresh that has not finished in
 * HB_STRIP_REFRESH_LIMIT_MS makes the light faulted (uart-link.md, FAULT) until a later one finishes.
 * Every function here is for the link task alone; the refresh task touches only what it is handed.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "esp_err.h"
#include "hilbridge/hb_core.h"

/* A WS2812 refresh of 300 pixels takes 9 ms; ten times the longest one is stuck, not slow. */
#define HB_STRIP_REFRESH_LIMIT_MS 100u

/* Sets up the strip on `gpio` and starts its refresh task. Nothing is shown until the first hb_strip_start. */
esp_err_t hb_strip_init(int gpio, uint16_t pixels);

/* True when no refresh is running, so hb_strip_pixels() may be written and hb_strip_start called. */
bool hb_strip_idle(void);

/* The colours of the next refresh, one per pixel; write them only while hb_strip_idle() is true. */
hb_rgb *hb_strip_pixels(void);

/* Hands the pixels to the refresh task (only after hb_strip_idle() returned true). */
void hb_strip_start(uint32_t now_ms);

/* HB_FAULT_OUTPUT_STUCK when the strip was never set up, its last refresh failed, or the running one is over the
 * limit; HB_FAULT_NONE once a refresh finished well. */
uint8_t hb_strip_fault(uint32_t now_ms);
