/* The BOOT button, polled and debounced by the link task (no ISR: a press is a human-speed event). */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "esp_err.h"

esp_err_t hb_button_init(void);

/* Call every few ms; true once per debounced released -> pressed edge (a button held from boot never counts). */
bool hb_button_pressed(uint32_t now_ms);
