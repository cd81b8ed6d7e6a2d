#include "default_board.h"

const hb_light_cfg hb_default_lights[HB_DEFAULT_LIGHT_COUNT] = {
    {HB_KIND_ONOFF, 1, "Status LED"},
    {HB_KIND_DIMMABLE, 1, "Desk lamp"},
    {HB_KIND_RGB, 1, "RGB LED"},
    {HB_KIND_STRIP, HB_DEFAULT_STRIP_PIXELS, "Strip"},
};

hb_board_cfg hb_default_board(void)
{
    hb_board_cfg cfg = {HB_HOST_FW_VERSION, (uint8_t)HB_DEFAULT_LIGHT_COUNT, hb_default_lights, 0, HB_FAILSAFE_KEEP};
    return cfg;
}
