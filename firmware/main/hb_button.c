#include "hb_button.h"

#include "driver/gpio.h"
#include "sdkconfig.h"

#if CONFIG_HB_BUTTON_ENABLE

static int stable_level = 1;   /* released (pulled up) */
static int last_level = 1;
static uint32_t last_change_ms;

esp_err_t hb_button_init(void)
{
    const gpio_config_t cfg = {
        .pin_bit_mask = 1ULL << CONFIG_HB_BUTTON_GPIO,
        .mode = GPIO_MODE_INPUT,
        .pull_up_en = GPIO_PULLUP_ENABLE,
        .pull_down_en = GPIO_PULLDOWN_DISABLE,
        .intr_type = GPIO_INTR_DISABLE,
    };
    return gpio_config(&cfg);
}

bool hb_button_pressed(uint32_t now_ms)
{
    int level = gpio_get_level(CONFIG_HB_BUTTON_GPIO);
    if (level != last_level) {
        last_level = level;
        last_change_ms = now_ms;
        return false;
    }
    if (level == stable_level || now_ms - last_change_ms < CONFIG_HB_BUTTON_DEBOUNCE_MS) {
        return false;
    }
    stable_level = level;
    return level == 0; /* active low: report the press, not the release */
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
