/*
 * The board's lights as Kconfig declares them, and the drivers that show them:
 * GPIO (on/off), LEDC (dimmable, RGB; hardware fades for transitions) and
 * espressif/led_strip over RMT (addressable strip). Used only by the link task.
 */
#pragma once

#include <stdint.h>

#include "esp_err.h"
#include "hilbridge/hb_core.h"

/*
 * Fills cfg with the enabled lights (in menu order: on/off, dimmable, RGB, strip) and sets up their drivers. A light
 * whose driver cannot be set up is kept and reported faulted. Fails only when no light is enabled.
 */
esp_err_t hb_lights_init(hb_board_cfg *cfg);

/*
 * hb_port.light_changed, with the core as ctx: sets an on/off light's pin at once when it has no fade or effect
 * (before the core answers the SET), and starts an LEDC hardware fade when a transition was asked for.
 */
void hb_lights_changed(void *ctx, uint8_t light, const hb_light_state *st, uint16_t fade_ms);

/*
 * Shows every light as the core renders it at now_ms (effects, software fades, strip pixels) without ever waiting
 * for a light's hardware, and tells the core which lights are faulted (hb_core_set_fault).
 */
void hb_lights_show(hb_core *core, uint32_t now_ms);
