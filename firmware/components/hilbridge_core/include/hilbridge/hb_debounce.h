/*
 * A debounced push button: one press per released -> pressed transition of the
 * debounced level, never a level seen at start. The board layer reads the pin
 * and says whether it reads "pressed"; time is a caller-supplied wrapping
 * millisecond clock (only differences are used). Not thread-safe: one caller.
 */
#ifndef HILBRIDGE_HB_DEBOUNCE_H
#define HILBRIDGE_HB_DEBOUNCE_H

#include <stdint.h>

typedef struct {
    uint32_t debounce_ms; /* a reading counts once it has held this long */
    uint32_t since_ms;    /* when the raw reading last changed */
    uint8_t raw;          /* last reading: 1 pressed */
    uint8_t stable;       /* debounced level: 1 pressed, or not yet seen released */
} hb_debounce;

/*
 * Starts as if the button were held: a press counts only after the button has
 * been seen released for debounce_ms. So a pin that reads pressed from boot (a
 * strapping pin held low, a stuck contact, an emulator's idle level) never
 * reports a press.
 */
void hb_debounce_init(hb_debounce *d, uint32_t debounce_ms);

/* Feeds one reading (nonzero: pressed) at `now`; returns 1 exactly once per debounced press, else 0. */
int hb_debounce_update(hb_debounce *d, int pressed, uint32_t now);

#endif
