#include "default_board.h"

static const hb_light_cfg LIGHTS[] = {
    {HB_KIND_ONOFF, 1, "Status LED"},
    {HB_KIND_DIMMABLE, 1, "Desk lamp"},
    {HB_KIND_RGB, 1, "RGB LED"},
    {HB_KIND_STRIP, 8, "Strip"},
};

hb_board_cfg hb_default_board(void)
{
    hb_board_cfg cfg = {HB_HOST_FW_VERSION, (uint8_t)(sizeof LIGHTS / sizeof LIGHTS[0]), LIGHTS, 0,
                        HB_FAILSAFE_KEEP};
    return cfg;
}
