#include "hb_strip.h"

#include "sdkconfig.h"

#if CONFIG_HB_STRIP_ENABLE

#include "esp_check.h"
#include "freertos/FreeRTOS.h"
#include "freertos/semphr.h"
#include "freertos/task.h"
#include "hilbridge/hb_proto.h"
#include "led_strip.h"

#define REFRESH_TASK_STACK 3072
#define REFRESH_TASK_PRIO 4 /* below the link task (5): a refresh never delays an answer */

static const char *TAG = "hb_strip";

static led_strip_handle_t strip;
static TaskHandle_t refresher;
static SemaphoreHandle_t idle; /* given by the refresh task when it has finished; held while one runs */
static hb_rgb pixels[CONFIG_HB_STRIP_PIXELS];
static uint16_t count;
static volatile esp_err_t last_result; /* written by the refresh task before it gives `idle` */
/* The link task's side. */
static bool idle_held; /* the link task holds `idle`: no refresh runs */
static bool running;   /* a refresh was started and not yet seen finished */
static uint32_t started_ms;
static uint8_t verdict = HB_FAULT_NONE;

static void refresh_task(void *arg)
{
    (void)arg;
    for (;;) {
        (void)ulTaskNotifyTake(pdTRUE, portMAX_DELAY);
        esp_err_t err = ESP_OK;
        for (uint16_t p = 0; p < count && err == ESP_OK; p++) {
            err = led_strip_set_pixel(strip, p, pixels[p].r, pixels[p].g, pixels[p].b);
        }
        if (err == ESP_OK) {
            err = led_strip_refresh(strip); /* may never return: then `idle` is never given */
        }
        last_result = err;
        (void)xSemaphoreGive(idle);
    }
}

esp_err_t hb_strip_init(int gpio, uint16_t pixel_count)
{
    const led_strip_config_t sc = {
        .strip_gpio_num = gpio,
        .max_leds = pixel_count,
        .led_model = LED_MODEL_WS2812,
        .color_component_format = LED_STRIP_COLOR_COMPONENT_FMT_GRB,
        .flags.invert_out = false,
    };
    const led_strip_rmt_config_t rc = {
        .clk_src = RMT_CLK_SRC_DEFAULT,
        .resolution_hz = 10 * 1000 * 1000, /* 10 MHz: 0.1 us steps for WS2812 timing */
        .mem_block_symbols = 0,            /* driver default */
        .flags.with_dma = false,
    };
    ESP_RETURN_ON_ERROR(led_strip_new_rmt_device(&sc, &rc, &strip), TAG, "led_strip RMT");
    count = pixel_count;
    idle = xSemaphoreCreateBinary();
    if (idle == NULL ||
        xTaskCreate(refresh_task, "hb_strip", REFRESH_TASK_STACK, NULL, REFRESH_TASK_PRIO, &refresher) != pdPASS) {
        strip = NULL; /* the light reports OUTPUT_STUCK; the board still comes up */
        return ESP_ERR_NO_MEM;
    }
    (void)xSemaphoreGive(idle);
    return ESP_OK;
}

bool hb_strip_idle(void)
{
    if (strip == NULL) {
        return false;
    }
    if (!idle_held && xSemaphoreTake(idle, 0) == pdTRUE) {
        idle_held = true;
        if (running) {
            running = false;
            verdict = last_result == ESP_OK ? HB_FAULT_NONE : HB_FAULT_OUTPUT_STUCK;
        }
    }
    return idle_held;
}

hb_rgb *hb_strip_pixels(void)
{
    return pixels;
}

void hb_strip_start(uint32_t now_ms)
{
    idle_held = false;
    running = true;
    started_ms = now_ms;
    xTaskNotifyGive(refresher);
}

uint8_t hb_strip_fault(uint32_t now_ms)
{
    if (strip == NULL) {
        return HB_FAULT_OUTPUT_STUCK;
    }
    (void)hb_strip_idle(); /* takes the verdict of a refresh that has finished */
    if (running && now_ms - started_ms >= HB_STRIP_REFRESH_LIMIT_MS) {
        verdict = HB_FAULT_OUTPUT_STUCK; /* compared by difference: right across the ms clock's wrap */
    }
    return verdict;
}

#endif /* CONFIG_HB_STRIP_ENABLE */
