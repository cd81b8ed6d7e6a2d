/* The live-view tests' board: see pixels_fixture.h. */
#include "pixels_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "default_board.h"

static pixels_fixture fx;

static int tx_idle(void *ctx)
{
    (void)ctx;
    return !fx.tx_busy;
}

pixels_fixture *pixels_boot(const hb_light_cfg *lights, uint8_t count, uint32_t boot_ms)
{
    memset(&fx, 0, sizeof fx);
    fx.cfg = hb_default_board();
    if (lights != NULL) {
        memcpy(fx.lights, lights, count * sizeof lights[0]);
        fx.cfg.light_count = count;
        fx.cfg.lights = fx.lights;
    }
    cap_init(&fx.cap, &fx.port);
    fx.port.tx_idle = tx_idle;
    assert_int_equal(hb_core_init(&fx.core, &fx.cfg, &fx.port, 7u, boot_ms), 0);
    cap_clear(&fx.cap);
    return &fx;
}

int pixels_teardown(void **state)
{
    pixels_fixture *f = *state;
    assert_int_equal(f->cap.bad_writes, 0);
    return 0;
}

void pixels_subscribe(pixels_fixture *f, uint16_t seq, uint8_t light, uint8_t rate, uint32_t now)
{
    uint8_t p[2] = {light, rate};
    cap_send(&f->core, HB_T_PIXELS_SUB, seq, p, sizeof p, now);
}

size_t count_type(const capture *cap, uint8_t type)
{
    size_t n = 0;
    for (size_t i = 0; i < cap->count; i++) {
        n += cap->frames[i].type == type;
    }
    return n;
}

size_t tick_range(pixels_fixture *f, uint32_t from, uint32_t to)
{
    cap_clear(&f->cap);
    for (uint32_t t = from; t < to; t++) {
        hb_core_tick(&f->core, t);
    }
    return count_type(&f->cap, HB_T_PIXELS);
}

int pixels_setup(void **state)
{
    *state = pixels_boot(NULL, 0, BOOT_MS);
    return 0;
}

int pixels_setup_long_strip(void **state)
{
    const hb_light_cfg lights[2] = {{HB_KIND_STRIP, LONG_STRIP, "Long"}, {HB_KIND_RGB, 1, "RGB"}};
    *state = pixels_boot(lights, 2, BOOT_MS);
    return 0;
}
