/*
 * Transitions and effects as the board renders them, on the target's 32-bit integer math
 * (the host tests run the same code with 64-bit longs): fade end points and midpoint, the blink
 * phase, the breathe envelope, the rainbow's spread over a strip. Values follow hb_light.h's
 * contract: fades are linear from what was shown to the target, effects are phase-locked to when
 * they were set.
 */
#include "hilbridge/hb_light.h"
#include "hilbridge/hb_proto.h"
#include "qv_check.h"

static int same(hb_rgb a, int r, int g, int b)
{
    return a.r == r && a.g == g && a.b == b;
}

void test_render(void)
{
    hb_light l;
    hb_rgb c;

    qv_context = "fade";
    hb_light_reset(&l);
    hb_light_state on = {1, 255, {255, 255, 255}, HB_EFFECT_NONE, 0};
    hb_light_set(&l, &on, 1000, 5000);
    c = hb_light_render(&l, 0, 1, 5000);
    CHECK(same(c, 0, 0, 0), "fade starts from what was shown (off): %u,%u,%u", c.r, c.g, c.b);
    c = hb_light_render(&l, 0, 1, 5500);
    CHECK(c.r >= 126 && c.r <= 128 && c.r == c.g && c.g == c.b, "halfway is about half: %u", c.r);
    c = hb_light_render(&l, 0, 1, 6000);
    CHECK(same(c, 255, 255, 255), "fade ends on the target");
    uint8_t last = 0;
    int monotonic = 1;
    for (uint32_t t = 5000; t <= 6000; t += 10) {
        uint8_t v = hb_light_render(&l, 0, 1, t).r;
        monotonic &= v >= last;
        last = v;
    }
    CHECK(monotonic, "a fade up never steps down");

    qv_context = "fade across the clock wrap";
    hb_light_reset(&l);
    hb_light_set(&l, &on, 1000, 0xFFFFFF00u);
    c = hb_light_render(&l, 0, 1, 0xFFFFFF00u + 1000u); /* wraps past 0 */
    CHECK(same(c, 255, 255, 255), "only differences of the ms clock are used: %u", c.r);

    qv_context = "brightness";
    hb_light_reset(&l);
    hb_light_state half_red = {1, 128, {255, 0, 0}, HB_EFFECT_NONE, 0};
    hb_light_set(&l, &half_red, 0, 0);
    c = hb_light_render(&l, 0, 1, 1);
    CHECK(same(c, 128, 0, 0), "red at 128/255: %u,%u,%u", c.r, c.g, c.b);

    qv_context = "blink";
    hb_light_reset(&l);
    hb_light_state blink = {1, 255, {0, 255, 0}, HB_EFFECT_BLINK, 0};
    hb_light_set(&l, &blink, 0, 1000);
    CHECK(same(hb_light_render(&l, 0, 1, 1000 + HB_BLINK_HALF_MS / 2), 0, 255, 0), "first half on");
    CHECK(same(hb_light_render(&l, 0, 1, 1000 + HB_BLINK_HALF_MS * 3 / 2), 0, 0, 0), "second half off");
    CHECK(same(hb_light_render(&l, 0, 1, 1000 + HB_BLINK_HALF_MS * 5 / 2), 0, 255, 0), "third half on again");

    qv_context = "breathe";
    hb_light_reset(&l);
    hb_light_state breathe = {1, 255, {255, 255, 255}, HB_EFFECT_BREATHE, 0};
    hb_light_set(&l, &breathe, 0, 0);
    CHECK(hb_light_render(&l, 0, 1, 0).r == 0, "a breath starts dark");
    CHECK(hb_light_render(&l, 0, 1, HB_BREATHE_PERIOD_MS / 2).r == 255, "and peaks mid-period");
    int bounded = 1;
    for (uint32_t t = 0; t < HB_BREATHE_PERIOD_MS; t += 7) {
        hb_rgb b = hb_light_render(&l, 0, 1, t);
        bounded &= b.r == b.g && b.g == b.b;
    }
    CHECK(bounded, "breathing white stays white");

    qv_context = "rainbow";
    hb_light_reset(&l);
    hb_light_state rainbow = {1, 255, {255, 255, 255}, HB_EFFECT_RAINBOW, 0};
    hb_light_set(&l, &rainbow, 0, 0);
    hb_rgb p0 = hb_light_render(&l, 0, 8, 0);
    hb_rgb p4 = hb_light_render(&l, 4, 8, 0);
    CHECK(same(p0, 255, 0, 0), "pixel 0 starts red: %u,%u,%u", p0.r, p0.g, p0.b);
    CHECK(!same(p0, p4.r, p4.g, p4.b), "pixels are spread around the wheel");
    CHECK(same(hb_light_render(&l, 0, 8, HB_RAINBOW_PERIOD_MS), 255, 0, 0), "one period later it is red again");

    qv_context = "off stops effects";
    hb_light_state off = {0, 255, {255, 255, 255}, HB_EFFECT_NONE, 0};
    hb_light_set(&l, &off, 0, 10);
    CHECK(same(hb_light_render(&l, 3, 8, 20), 0, 0, 0), "off is dark");
}
