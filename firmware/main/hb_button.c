#include "hb_button.h"

#include "driver/gpio.h"
#include "hilbridge/hb_debounce.h"
#include "sdkconfig.h"

#if CONFIG_HB_BUTTON_ENABLE

/* The debounce rule (no press from a level seen at start) lives in the core, where the host tests exercise it. */
static hb_debounce button;

esp_err_t hb_button_init(void)
{
    const gpio_config_t cfg = {
        .pin_bit_mask = 1ULL << CONFIG_HB_BUTTON_GPIO,
        .mode = GPIO_MODE_INPUT,
        .pull_up_en = GPIO_PULLUP_ENABLE,
        .pull_down_en = GPIO_PULLDOWN_DISABLE,
        .intr_type = GPIO_INTR_DISABLE,
    };
    hb_debounce_init(&button, CONFIG_HB_BUTTON_DEBOUNCE_MS);
    return gpio_config(&cfg);
}

bool hb_button_pressed(uint32_t now_ms)
{
    return hb_debounce_update(&button, gpio_get_level(CONFIG_HB_BUTTON_GPIO) == 0, now_ms) != 0; /* active low */
}

#else

esp_err_t hb_button_init(void)
{
    return ESP_OK;
}

bool hb_button_pressed(uint32_t now_ms)
{
    (void)now_ms;
    return false;
}

#endif
