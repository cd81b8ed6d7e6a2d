/*
 * hilbridge firmware for ESP32 / ESP32-S3 / ESP32-C3 (ESP-IDF v5.5).
 *
 * One task, the link task, owns the portable core (components/hilbridge_core):
 * it reads the protocol port, feeds the core, polls the BOOT button, runs the
 * failsafe timer, forwards queued log lines as LOG frames, shows the lights and
 * feeds the task watchdog, and restarts the chip when the host asks (REBOOT_REQ).
 * Nothing else touches the core, so it needs no lock.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "esp_log.h"
#include "esp_random.h"
#include "esp_system.h"
#include "esp_task_wdt.h"
#include "esp_timer.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "sdkconfig.h"

#include "hb_button.h"
#include "hb_lights.h"
#include "hb_link.h"
#include "hb_log.h"
#include "hilbridge/hb_core.h"

#define HB_FW_VERSION "0.1.0"
#define HB_LOOP_MS 10 /* read timeout: bounds button latency and the light refresh period */
#define HB_TASK_STACK 4096
#define HB_TASK_PRIO 5
#define HB_REBOOT_FLUSH_MS 100 /* the ACK of a REBOOT_REQ is 12 bytes: about 1 ms at 115200 baud */

static const char *TAG = "hilbridge";

static hb_board_cfg board = {
    .fw_version = HB_FW_VERSION,
    .failsafe_ms = CONFIG_HB_FAILSAFE_MS,
#if CONFIG_HB_FAILSAFE_RESTORE
    .failsafe_action = HB_FAILSAFE_RESTORE,
#else
    .failsafe_action = HB_FAILSAFE_KEEP,
#endif
};
static hb_core core;
static bool reboot_requested; /* set by the core from inside hb_core_rx, read by the link task after it */

static uint32_t now_ms(void)
{
    return (uint32_t)(esp_timer_get_time() / 1000); /* wraps after 49 days; the core only uses differences */
}

static void port_write(void *ctx, const uint8_t *data, size_t len)
{
    (void)ctx;
    hb_link_write(data, len);
}

static void port_failsafe(void *ctx)
{
    (void)ctx;
    ESP_LOGW(TAG, "host silent for %u ms: failsafe", (unsigned)CONFIG_HB_FAILSAFE_MS);
}

/* REBOOT_REQ: the core has queued its ACK; the link task restarts once hb_core_rx has returned. */
static void port_reboot(void *ctx)
{
    (void)ctx;
    reboot_requested = true;
}

static void restart_now(void)
{
    ESP_LOGI(TAG, "restarting: the host asked for it");
    if (hb_link_flush(HB_REBOOT_FLUSH_MS) != ESP_OK) {
        ESP_LOGW(TAG, "the ACK did not drain in time; restarting anyway (the host sees the new boot id)");
    }
    esp_restart();
}

/* The live view's PIXELS go out only onto an idle transmitter (uart-link.md, "Answers first"). */
static int port_tx_idle(void *ctx)
{
    (void)ctx;
    return hb_link_flush(0) == ESP_OK;
}

static void link_task(void *arg)
{
    (void)arg;
    static uint8_t buf[256];
    ESP_ERROR_CHECK(esp_task_wdt_add(NULL));
    const hb_port port = {
        .ctx = &core, /* hb_lights_changed renders through it; the other callbacks ignore it */
        .write = port_write,
        .light_changed = hb_lights_changed,
        .failsafe = port_failsafe,
        .reboot = port_reboot,
        .tx_idle = port_tx_idle,
    };
    /* Boot: lights off, HELLO (after its leading 0x00, which separates it from the ROM's boot text). */
    const uint32_t boot_id = esp_random();
    if (hb_core_init(&core, &board, &port, boot_id, now_ms()) != 0) {
        ESP_LOGE(TAG, "the light configuration was rejected");
        abort();
    }
    /* The words hb_core_log_boot sends on the other boards, through ESP_LOG so the console shows them too. */
    ESP_LOGI(TAG, "boot %08" PRIx32 ": %u lights ready", boot_id, board.light_count);
    for (;;) {
        size_t n = hb_link_read(buf, sizeof buf, HB_LOOP_MS);
        uint32_t now = now_ms();
        if (n > 0) {
            hb_core_rx(&core, buf, n, now);
        }
        if (reboot_requested) {
            restart_now();
        }
        if (hb_button_pressed(now)) {
            hb_core_button(&core, 0, now); /* light 0 is the first enabled light */
        }
        hb_core_tick(&core, now);
        hb_log_drain(&core);
        hb_lights_show(&core, now);
        esp_task_wdt_reset();
    }
}

void app_main(void)
{
    hb_log_init();
    ESP_ERROR_CHECK(hb_lights_init(&board));
    ESP_ERROR_CHECK(hb_button_init());
    ESP_ERROR_CHECK(hb_link_init());
    if (xTaskCreate(link_task, "hb_link", HB_TASK_STACK, NULL, HB_TASK_PRIO, NULL) != pdPASS) {
        ESP_LOGE(TAG, "cannot start the link task");
        abort();
    }
}
