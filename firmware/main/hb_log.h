/*
 * ESP_LOG output as LOG frames. esp_log may be called from any task, so lines
 * are queued (bounded, dropped when full) and the link task, which owns the
 * core, sends them.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "hilbridge/hb_core.h"

/* Installs the vprintf hook (Kconfig HB_LOG_AS_FRAMES). */
void hb_log_init(void);

/* Sends queued lines; call from the link task only. */
void hb_log_drain(hb_core *core);
