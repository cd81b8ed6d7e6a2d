/* The protocol port: UART0 or USB-Serial/JTAG (Kconfig HB_TRANSPORT). Used only by the link task. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "esp_err.h"

esp_err_t hb_link_init(void);

/* Up to cap bytes, waiting at most timeout_ms for the first. Returns the count (0 on timeout). */
size_t hb_link_read(uint8_t *buf, size_t cap, uint32_t timeout_ms);

/* Queues one whole frame. Without a host listening the bytes are dropped, as on a UART. */
void hb_link_write(const uint8_t *data, size_t len);

/*
 * Waits until what was queued has left the transmitter, at most timeout_ms (before a restart, so the host gets the
 * ACK of its REBOOT_REQ). ESP_ERR_TIMEOUT when the bytes did not drain in time (no host reading a USB port).
 */
esp_err_t hb_link_flush(uint32_t timeout_ms);
