/*
 * The emulated board: the portable core (firmware/components/hilbridge_core, unchanged) on QEMU's
 * RISC-V virt machine. UART0 carries the protocol exactly as USB serial does on an ESP32; light
 * changes are "shown" on QEMU's stdout through semihosting, as hilbridge-sim shows them on its
 * stdout, and each light's rendered colour is tracked in shown[] the way LEDC/RMT would drive pins.
 *
 * Lights are the default board of protocol-spec/vectors/messages.json (hello_default_board): one of
 * each kind, from the C description hilbridge-sim uses too (firmware/host/common/default_board.c). There is no button: virt has no GPIO the host could press without the UART, so button
 * presses are proven with hilbridge-sim instead. A reboot is a restart of QEMU (new boot_id).
 *
 * The loop sleeps on wfi until a byte arrives (UART interrupt via PLIC) or, while a fade or effect
 * is animating, until the next 20 ms render frame (CLINT alarm). Idle, it wakes for nothing.
 */
#include <stdint.h>
#include <stdio.h>

#include "default_board.h"
#include "hilbridge/hb_core.h"
#include "qv_hw.h"
#include "qv_platform.h"
#include "qv_semihost.h"
#include "qv_uart.h"

#define FRAME_MS 20u          /* 50 Hz software rendering while something animates */
#define FAILSAFE_POLL_MS 100u /* hb_core_tick's period when a failsafe is configured */

/* The default board keeps the state while the host is away (failsafe off), like the default Kconfig. */
static hb_board_cfg board;
static const hb_light_cfg *const lights = hb_default_lights;
static hb_core core;
/* What the "pins" show right now: per light, per pixel. */
static hb_rgb shown[HB_DEFAULT_LIGHT_COUNT][HB_DEFAULT_STRIP_PIXELS];

static void port_write(void *ctx, const uint8_t *data, size_t len)
{
    (void)ctx;
    qv_uart_write(data, len);
}

static const char *const effect_names[] = {"none", "blink", "breathe", "rainbow"};

static void port_light_changed(void *ctx, uint8_t light, const hb_light_state *st, uint16_t fade_ms)
{
    (void)ctx;
    char line[96];
    snprintf(line, sizeof line, "light %u (%s): %s brightness %u color #%02x%02x%02x effect %s fade %u ms\n",
             (unsigned)light, lights[light].name, st->on ? "on" : "off", (unsigned)st->brightness,
             (unsigned)st->color.r, (unsigned)st->color.g, (unsigned)st->color.b,
             st->effect <= HB_EFFECT_MAX ? effect_names[st->effect] : "?", (unsigned)fade_ms);
    qv_semihost_puts(line);
}

/*
 * REBOOT_REQ (uart-link.md section 4): the ACK has already left (qv_uart writes wait for the transmit holding
 * register), so the machine resets now; QEMU reloads the image and the core boots with a new boot id.
 */
static void port_reboot(void *ctx)
{
    (void)ctx;
    qv_semihost_puts("reboot requested by the host\n");
    qv_reset();
}

/* True while a light's rendering changes over time: a fade in progress or an effect running. */
static int animating(uint32_t now)
{
    for (uint8_t i = 0; i < board.light_count; i++) {
        const hb_light *l = &core.lights[i];
        if (l->st.on && l->st.effect != HB_EFFECT_NONE) {
            return 1;
        }
        if (l->fade_ms != 0u && now - l->fade_start < l->fade_ms) {
            return 1;
        }
    }
    return 0;
}

static void render(uint32_t now)
{
    for (uint8_t i = 0; i < board.light_count; i++) {
        uint16_t pixels = lights[i].kind == HB_KIND_STRIP ? lights[i].pixels : 1u;
        for (uint16_t p = 0; p < pixels; p++) {
            shown[i][p] = hb_core_render(&core, i, p, now);
        }
    }
}

int main(void)
{
    qv_uart_init(115200);
    qv_platform_init();
    qv_semihost_puts("hilbridge qemu-virt board: 4 lights, UART0 at 115200 8N1\n");

    board = hb_default_board();
    const hb_port port = {.ctx = NULL,
                          .write = port_write,
                          .light_changed = port_light_changed,
                          .failsafe = NULL,
                          .reboot = port_reboot,
                          .tx_idle =
                              NULL}; /* qv_uart_write returns once its bytes are in the transmit holding register */
    if (hb_core_init(&core, &board, &port, qv_boot_entropy(), qv_millis()) != 0) {
        qv_semihost_puts("hb_core_init rejected the board configuration\n");
        qv_poweroff(0);
    }
    hb_core_log_boot(&core);
    render(qv_millis());

    for (;;) {
        uint8_t buf[64];
        size_t n = qv_uart_read(buf, sizeof buf);
        uint32_t now = qv_millis();
        if (n != 0u) {
            hb_core_rx(&core, buf, n, now);
        }
        hb_core_tick(&core, now);
        int busy = animating(now);
        render(now);
        if (n == 0u) {
            uint32_t wait_ms = hb_core_pixels_wait_ms(&core, now); /* the live view's next PIXELS chunk */
            if (busy && wait_ms > FRAME_MS) {
                wait_ms = FRAME_MS;
            }
            if (board.failsafe_ms != 0u && wait_ms > FAILSAFE_POLL_MS) {
                wait_ms = FAILSAFE_POLL_MS;
            }
            uint64_t deadline = QV_NO_DEADLINE;
            if (wait_ms != UINT32_MAX) {
                deadline = qv_mtime() + (uint64_t)wait_ms * (QV_MTIME_HZ / 1000u);
            }
            qv_sleep_until(deadline);
        }
    }
}
