/*
 * One light: its target state (what STATE reports), the fade towards it, and
 * the effect running on it. Everything is integer math on a caller-supplied
 * millisecond clock (uint32_t, wrapping: only differences are used).
 *
 * Private to the core (and its tests): a board layer renders through
 * hb_core_render. The types live in hb_core.h, which a board layer allocates.
 */
#ifndef HILBRIDGE_HB_LIGHT_H
#define HILBRIDGE_HB_LIGHT_H

#include <stdint.h>

#include "hilbridge/hb_core.h"

/* Effect timing (ms). */
#define HB_BLINK_HALF_MS 500u
#define HB_BREATHE_PERIOD_MS 2000u
#define HB_RAINBOW_PERIOD_MS 3000u

/* The boot state: off, full brightness, white, no effect (LightState.BOOT on the Java side). */
void hb_light_reset(hb_light *l);

/* 1 when the two states differ in anything STATE reports. */
int hb_light_state_differs(const hb_light_state *a, const hb_light_state *b);

/*
 * Moves the light to a new target. With fade_ms > 0 the rendered colour fades
 * from what it shows at `now` to the new target; a changed effect restarts its
 * phase at `now`. target->pixels 0 ends any per-pixel colours. When per-pixel
 * colours are in force before or after, the change is immediate (fade_ms is
 * ignored; l->fade_ms says what is used).
 */
void hb_light_set(hb_light *l, const hb_light_state *target, uint16_t fade_ms, uint32_t now);

/*
 * hb_light_set, and `runs` (SET_PIXELS wire bytes: run_count, then the runs; checked by hb_pixels_check) become the
 * per-pixel colours; target->pixels must be 1.
 */
void hb_light_set_runs(hb_light *l, const hb_light_state *target, const uint8_t *runs, uint32_t now);

/*
 * SET_PIXELS runs (wire bytes: run_count, then run_count × count, r, g, b) for a strip of `pixels`: 0 when every
 * count is at least 1 and they add up to `pixels`, else HB_NACK_OUT_OF_RANGE. run_count is checked by the caller.
 */
uint8_t hb_pixels_check(const uint8_t *runs, uint16_t pixels);

/* 1 when the runs differ from the per-pixel colours the light has (or it has none). */
int hb_pixels_differ(const hb_light *l, const uint8_t *runs);

/*
 * The colour to show at `now` on pixel `pixel` of `pixels` (1 for single
 * lights): target colour scaled by brightness, faded, then shaped by the
 * effect, whose phase counts from when it was set. Blink: the colour for
 * HB_BLINK_HALF_MS, then dark as long. Breathe: the colour scaled by a
 * triangle 0..255..0 over HB_BREATHE_PERIOD_MS, squared; the second half
 * mirrors the first. Rainbow: the hue goes once round the wheel per
 * HB_RAINBOW_PERIOD_MS and is spread once along the strip, so pixel p shows
 * now what pixel 0 shows p * HB_RAINBOW_PERIOD_MS / pixels ms later; its
 * value is the colour's largest channel, so brightness and fades carry over.
 * ONOFF and DIMMABLE boards read any channel (they are white).
 */
hb_rgb hb_light_render(const hb_light *l, uint16_t pixel, uint16_t pixels, uint32_t now);

/* Hue 0..255 around the colour wheel at value v, saturation full. */
hb_rgb hb_hue(uint8_t hue, uint8_t v);

#endif
