/* A test port for hb_core: records every frame the core writes, decoded. */
#ifndef HB_TEST_CAPTURE_H
#define HB_TEST_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "hilbridge/hb_core.h"

#define CAP_MAX_FRAMES 128

typedef struct {
    uint8_t type;
    uint16_t seq;
    uint8_t len;
    uint8_t payload[256];
} cap_frame;

typedef struct {
    hb_decoder dec;
    cap_frame frames[CAP_MAX_FRAMES];
    size_t count;   /* frames recorded since the last cap_clear */
    size_t total;   /* frames recorded ever */
    int bad_writes; /* writes that were not exactly one whole frame */
    int changed_calls;
    uint8_t last_changed_light;
    uint16_t last_fade_ms;
    int failsafe_calls;
    int reboot_calls;
} capture;

void cap_init(capture *cap, hb_port *port);
void cap_clear(capture *cap);

/* Encodes a frame and feeds it to the core. */
void cap_send(hb_core *c, uint8_t type, uint16_t seq, const uint8_t *payload, size_t len, uint32_t now);

/* A SET payload. */
void set_payload(uint8_t out[10], uint8_t light, uint8_t fields, uint8_t on, uint8_t bri, uint8_t r, uint8_t g,
                 uint8_t b, uint16_t transition, uint8_t effect);

uint16_t le16(const uint8_t *p);
uint32_t le32(const uint8_t *p);

#endif
