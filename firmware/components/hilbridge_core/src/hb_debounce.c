#include "hilbridge/hb_debounce.h"

void hb_debounce_init(hb_debounce *d, uint32_t debounce_ms)
{
    d->debounce_ms = debounce_ms;
    d->since_ms = 0;
    d->raw = 1;    /* the first "released" reading is a change and starts its timer */
    d->stable = 1; /* unknown counts as held: no press until a stable release was seen */
}

int hb_debounce_update(hb_debounce *d, int pressed, uint32_t now)
{
    uint8_t level = pressed ? 1u : 0u;
    if (level != d->raw) {
        d->raw = level; /* a bounce restarts the wait */
        d->since_ms = now;
        return 0;
    }
    if (level == d->stable || now - d->since_ms < d->debounce_ms) {
        return 0;
    }
    d->stable = level;
    return level; /* the released -> pressed edge; a release reports nothing */
}
