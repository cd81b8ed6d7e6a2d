#include "hb_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "esp_log.h"
#include "freertos/FreeRTOS.h"
#include "freertos/queue.h"
#include "sdkconfig.h"

#define HB_LOG_LINE 120 /* longer lines are cut; one LOG frame could carry 199 bytes */
#define HB_LOG_QUEUE 8

typedef struct {
    uint8_t level;
    uint8_t len;
    char text[HB_LOG_LINE];
} log_line;

static QueueHandle_t queue; /* NULL unless CONFIG_HB_LOG_AS_FRAMES: then hb_log_drain has nothing to send */

#if CONFIG_HB_LOG_AS_FRAMES

/* ESP_LOG lines start with "E (", "W (", "I (", "D (" or "V (": map to LOG levels. */
static uint8_t level_of(const char *text)
{
    switch (text[0]) {
    case 'E':
        return HB_LOG_ERROR;
    case 'W':
        return HB_LOG_WARN;
    case 'I':
        return HB_LOG_INFO;
    default:
        return HB_LOG_DEBUG;
    }
}

static int log_vprintf(const char *fmt, va_list args)
{
    log_line line;
    int n = vsnprintf(line.text, sizeof line.text, fmt, args);
    if (n <= 0) {
        return n;
    }
    size_t len = (size_t)n < sizeof line.text ? (size_t)n : sizeof line.text - 1;
    while (len > 0 && (line.text[len - 1] == '\n' || line.text[len - 1] == '\r')) {
        len--;
    }
    line.len = (uint8_t)len;
    line.level = level_of(line.text);
    /* Never block a logging task, never recurse into logging: a full queue drops the line. */
    (void)xQueueSend(queue, &line, 0);
    return n;
}

#endif /* CONFIG_HB_LOG_AS_FRAMES */

void hb_log_init(void)
{
#if CONFIG_HB_LOG_AS_FRAMES
    queue = xQueueCreate(HB_LOG_QUEUE, sizeof(log_line));
    if (queue != NULL) {
        esp_log_set_vprintf(log_vprintf);
    }
#endif
}

void hb_log_drain(hb_core *core)
{
    log_line line;
    while (queue != NULL && xQueueReceive(queue, &line, 0) == pdTRUE) {
        if (line.len > 0) {
            hb_core_log(core, line.level, line.text, line.len);
        }
    }
}
