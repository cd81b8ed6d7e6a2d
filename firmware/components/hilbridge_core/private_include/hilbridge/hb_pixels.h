/*
 * The live view (uart-link.md section 3, PIXELS_SUB and PIXELS): per-light subscriptions with a rate and a lease,
 * and the PIXELS chunks built from what each light shows (hb_core_render, the renderer that drives the LEDs).
 *
 * Private to the core (and its tests). Works on the hb_core it is given; the caller (hb_core.c) decides when a
 * chunk may go out (answers first, transmitter idle) and sends it. Not thread-safe, like the rest of the core.
 */
#ifndef HILBRIDGE_HB_PIXELS_H
#define HILBRIDGE_HB_PIXELS_H

#include <stddef.h>
#include <stdint.h>

#include "hilbridge/hb_core.h"

/* Pixels per chunk the reference core sends: short on the wire, so an answer waits little (uart-link.md). */
#ifndef HB_PIXELS_CHUNK
#define HB_PIXELS_CHUNK 16u
#endif

/* Ends every subscription (boot, HELLO_REQ). */
void hb_pixels_clear(hb_core *c);

/* Applies a PIXELS_SUB payload; returns 0 (answer ACK) or the NACK code, checked in the spec's order. */
uint8_t hb_pixels_subscribe(hb_core *c, const uint8_t *payload, size_t len, uint32_t now);

/*
 * Builds the next due PIXELS chunk into c->pay and returns its payload length, or 0 when none is due at `now`
 * (lapsed leases end their subscription here). Lights take turns: a frame once started is finished before another
 * light's chunk (its chunks are rendered close together), and then the next light in order looks first, so every
 * subscribed light gets frames when the caller cannot keep up with all of them.
 */
size_t hb_pixels_next_chunk(hb_core *c, uint32_t now);

/* See hb_core_pixels_wait_ms. */
uint32_t hb_pixels_wait_ms(const hb_core *c, uint32_t now);

#endif
