#include "hb_lights.h"

#include <string.h>

#include "driver/gpio.h"
#include "driver/ledc.h"
#include "esp_log.h"
#include "hb_strip.h"
#include "sdkconfig.h"

static const char *TAG = "hb_lights";

#ifdef CONFIG_HB_ONOFF_ACTIVE_LOW
#define ONOFF_INVERTED true
#else
#define ONOFF_INVERTED false
#endif
#ifdef CONFIG_HB_RGB_COMMON_ANODE
#define RGB_INVERTED true
#else
#define RGB_INVERTED false
#endif

#define LEDC_MODE LEDC_LOW_SPEED_MODE /* the only mode on C3/S3; fine on ESP32 too */
#define LEDC_TIMER LEDC_TIMER_0
#define LEDC_RES LEDC_TIMER_8_BIT /* duty 0..255: one step per brightness level */
#define LEDC_FREQ_HZ 5000

/*
 * Hardware fades only where a running fade can be stopped (ESP32-C3, ESP32-S3). On the classic ESP32 a fade in
 * progress cannot be stopped and every duty change waits until it ends, which would stall the link task for up
 * to 65 s when a new command arrives mid-fade: there the core's software fade is shown at 100 Hz instead.
 */
#if CONFIG_HB_LEDC_HW_FADES
#define HW_FADES 1
#else
#define HW_FADES 0
#endif

/* How one light is wired. */
typedef enum { OUT_GPIO, OUT_LEDC, OUT_STRIP } out_kind;

typedef struct {
    out_kind out;
    uint8_t channels; /* LEDC: 1 (dimmable) or 3 (RGB) */
    ledc_channel_t ch[3];
    bool inverted;             /* active low / common anode */
    int gpio;                  /* OUT_GPIO */
    bool hw_fade;              /* an LEDC hardware fade owns the duty... */
    uint32_t hw_fade_until_ms; /* ...until then */
    uint8_t shown[3];          /* last duty written, to skip redundant writes */
    bool shown_valid;
    bool failed;       /* its driver could not be set up: reported as OUTPUT_STUCK, never driven */
    uint32_t retry_ms; /* strip: when a faulted strip was last given another refresh */
} out_state;

static hb_light_cfg lights[HB_MAX_LIGHTS];
static out_state outs[HB_MAX_LIGHTS];
static uint8_t count;
static uint32_t last_now_ms;

#if CONFIG_HB_DIM_ENABLE || CONFIG_HB_RGB_ENABLE
static esp_err_t ledc_channel(ledc_channel_t ch, int gpio, bool inverted)
{
    const ledc_channel_config_t c = {
        .gpio_num = gpio,
        .speed_mode = LEDC_MODE,
        .channel = ch,
        .intr_type = LEDC_INTR_DISABLE,
        .timer_sel = LEDC_TIMER,
        .duty = 0,
        .hpoint = 0,
        .flags.output_invert = inverted ? 1 : 0,
    };
    return ledc_channel_config(&c);
}
#endif

/*
 * A light whose driver cannot be set up (a pin the chip does not have, no free channel) stays in HELLO and reports
 * a fault, instead of stopping the board: the link comes up and the other lights work.
 */
static void add(uint8_t kind, uint16_t pixels, const char *name, out_state o, esp_err_t err)
{
    if (err != ESP_OK) {
        ESP_LOGE(TAG, "%s: driver setup failed (%s): reported as faulted", name, esp_err_to_name(err));
        o.failed = true;
    }
    lights[count].kind = kind;
    lights[count].pixels = pixels;
    lights[count].name = name;
    outs[count] = o;
    count++;
}

esp_err_t hb_lights_init(hb_board_cfg *cfg)
{
#if CONFIG_HB_DIM_ENABLE || CONFIG_HB_RGB_ENABLE
    ledc_channel_t next_ch = LEDC_CHANNEL_0;
    const ledc_timer_config_t timer = {
        .speed_mode = LEDC_MODE,
        .duty_resolution = LEDC_RES,
        .timer_num = LEDC_TIMER,
        .freq_hz = LEDC_FREQ_HZ,
        .clk_cfg = LEDC_AUTO_CLK,
    };
    esp_err_t ledc_err = ledc_timer_config(&timer); /* shared by the LEDC lights: its failure is theirs */
#if HW_FADES
    if (ledc_err == ESP_OK) {
        ledc_err = ledc_fade_func_install(0);
    }
#endif
#endif

#if CONFIG_HB_ONOFF_ENABLE
    {
        const gpio_config_t g = {
            .pin_bit_mask = 1ULL << CONFIG_HB_ONOFF_GPIO,
            .mode = GPIO_MODE_OUTPUT,
            .pull_up_en = GPIO_PULLUP_DISABLE,
            .pull_down_en = GPIO_PULLDOWN_DISABLE,
            .intr_type = GPIO_INTR_DISABLE,
        };
        out_state o = {.out = OUT_GPIO, .gpio = CONFIG_HB_ONOFF_GPIO, .inverted = ONOFF_INVERTED};
        add(HB_KIND_ONOFF, 1, CONFIG_HB_ONOFF_NAME, o, gpio_config(&g));
    }
#endif
#if CONFIG_HB_DIM_ENABLE
    {
        out_state o = {.out = OUT_LEDC, .channels = 1, .ch = {next_ch}};
        esp_err_t err = ledc_err != ESP_OK ? ledc_err : ledc_channel(next_ch, CONFIG_HB_DIM_GPIO, false);
        next_ch++;
        add(HB_KIND_DIMMABLE, 1, CONFIG_HB_DIM_NAME, o, err);
    }
#endif
#if CONFIG_HB_RGB_ENABLE
    {
        const int pins[3] = {CONFIG_HB_RGB_GPIO_R, CONFIG_HB_RGB_GPIO_G, CONFIG_HB_RGB_GPIO_B};
        out_state o = {.out = OUT_LEDC, .channels = 3, .inverted = RGB_INVERTED};
        esp_err_t err = ledc_err;
        for (int i = 0; i < 3; i++) {
            o.ch[i] = next_ch;
            if (err == ESP_OK) {
                err = ledc_channel(next_ch, pins[i], o.inverted);
            }
            next_ch++;
        }
        add(HB_KIND_RGB, 1, CONFIG_HB_RGB_NAME, o, err);
    }
#endif
#if CONFIG_HB_STRIP_ENABLE
    {
        /* No clear here: it would wait for the RMT without a limit. The first hb_lights_show sends the boot state. */
        out_state o = {.out = OUT_STRIP};
        add(HB_KIND_STRIP, CONFIG_HB_STRIP_PIXELS, CONFIG_HB_STRIP_NAME, o,
            hb_strip_init(CONFIG_HB_STRIP_GPIO, CONFIG_HB_STRIP_PIXELS));
    }
#endif
    if (count == 0) {
        ESP_LOGE(TAG, "no light enabled in menuconfig");
        return ESP_ERR_INVALID_STATE;
    }
    cfg->lights = lights;
    cfg->light_count = count;
    return ESP_OK;
}

static bool hw_fading(out_state *o, uint32_t now_ms)
{
    if (o->hw_fade && (int32_t)(o->hw_fade_until_ms - now_ms) <= 0) {
        o->hw_fade = false; /* compared by difference: correct across the 49-day wrap of the ms clock */
    }
    return o->hw_fade;
}

/* An on/off pin shows a light lit when any channel of its rendered colour is; skips writes that change nothing. */
static void show_gpio(out_state *o, hb_rgb c)
{
    uint8_t on = (c.r | c.g | c.b) != 0;
    if (!o->shown_valid || o->shown[0] != on) {
        gpio_set_level(o->gpio, o->inverted ? !on : on);
        o->shown[0] = on;
        o->shown_valid = true;
    }
}

void hb_lights_changed(void *ctx, uint8_t light, const hb_light_state *st, uint16_t fade_ms)
{
    const hb_core *core = ctx;
    if (outs[light].out == OUT_GPIO && !outs[light].failed && fade_ms == 0 && st->effect == HB_EFFECT_NONE) {
        /*
         * The core calls this before it sends the SET's answer: set the pin now, so an ACK of an on/off light means
         * its pin is already at the new level. Without a fade or an effect the rendering is the target at any time.
         */
        show_gpio(&outs[light], hb_core_render(core, light, 0, last_now_ms));
        return;
    }
#if HW_FADES
    out_state *o = &outs[light];
    if (o->out != OUT_LEDC || o->failed) {
        return; /* hb_lights_show renders it on the next turn (or reports it faulted) */
    }
    if (hw_fading(o, last_now_ms)) {
        /* A new target overrides a running fade; software writes must not race the fade engine. */
        for (int i = 0; i < o->channels; i++) {
            ledc_fade_stop(LEDC_MODE, o->ch[i]);
        }
        o->hw_fade = false;
        o->shown_valid = false;
    }
    if (fade_ms == 0 || st->effect != HB_EFFECT_NONE) {
        return;
    }
    /* The core's target, scaled as hb_light_render does; the LEDC fade engine walks there in hardware. */
    const uint8_t target[3] = {st->on ? (uint8_t)((st->color.r * st->brightness + 127) / 255) : 0,
                               st->on ? (uint8_t)((st->color.g * st->brightness + 127) / 255) : 0,
                               st->on ? (uint8_t)((st->color.b * st->brightness + 127) / 255) : 0};
    for (int i = 0; i < o->channels; i++) {
        ledc_set_fade_time_and_start(LEDC_MODE, o->ch[i], target[i], fade_ms, LEDC_FADE_NO_WAIT);
        o->shown[i] = target[i];
    }
    o->shown_valid = true;
    o->hw_fade = true;
    o->hw_fade_until_ms = last_now_ms + fade_ms;
#endif /* without hardware fades, hb_lights_show renders every fade in software */
}

static void show_ledc(out_state *o, hb_rgb c, uint32_t now_ms)
{
    if (hw_fading(o, now_ms)) {
        return; /* the hardware fade owns the duty */
    }
    const uint8_t duty[3] = {c.r, c.g, c.b}; /* a dimmable light is white: red is its level */
    for (int i = 0; i < o->channels; i++) {
        if (o->shown_valid && o->shown[i] == duty[i]) {
            continue;
        }
        ledc_set_duty(LEDC_MODE, o->ch[i], duty[i]);
        ledc_update_duty(LEDC_MODE, o->ch[i]);
        o->shown[i] = duty[i];
    }
    o->shown_valid = true;
}

#if CONFIG_HB_STRIP_ENABLE
#define STRIP_RETRY_MS 1000u

/* Hands a refresh to the strip's task when it is idle (never waits for it) and reports its verdict to the core. */
static void show_strip(hb_core *core, uint8_t i, out_state *o, uint32_t now_ms, bool effect)
{
    uint8_t fault = hb_strip_fault(now_ms);
    hb_rgb c0 = hb_core_render(core, i, 0, now_ms);
    /* Without an effect every pixel has pixel 0's colour: skip the refresh when it has not changed. */
    bool same = !effect && o->shown_valid && o->shown[0] == c0.r && o->shown[1] == c0.g && o->shown[2] == c0.b;
    if (fault != HB_FAULT_NONE && now_ms - o->retry_ms >= STRIP_RETRY_MS) {
        o->retry_ms = now_ms; /* a refresh that failed is tried again, so a strip that recovers clears its fault */
        same = false;
    }
    if (!same && hb_strip_idle()) {
        hb_rgb *px = hb_strip_pixels();
        for (uint16_t p = 0; p < lights[i].pixels; p++) {
            px[p] = p == 0 ? c0 : hb_core_render(core, i, p, now_ms);
        }
        hb_strip_start(now_ms);
        o->shown[0] = c0.r;
        o->shown[1] = c0.g;
        o->shown[2] = c0.b;
        o->shown_valid = !effect; /* after an effect, always redraw once */
    }
    hb_core_set_fault(core, i, fault);
}
#endif

void hb_lights_show(hb_core *core, uint32_t now_ms)
{
    last_now_ms = now_ms;
    for (uint8_t i = 0; i < count; i++) {
        out_state *o = &outs[i];
        if (o->failed) {
            hb_core_set_fault(core, i, HB_FAULT_OUTPUT_STUCK); /* reported once: the core skips repeats */
        } else if (o->out == OUT_GPIO) {
            show_gpio(o, hb_core_render(core, i, 0, now_ms));
        } else if (o->out == OUT_LEDC) {
            show_ledc(o, hb_core_render(core, i, 0, now_ms), now_ms);
        } else {
#if CONFIG_HB_STRIP_ENABLE
            bool effect = core->lights[i].st.on && core->lights[i].st.effect != HB_EFFECT_NONE;
            show_strip(core, i, o, now_ms, effect);
#endif
        }
    }
}
