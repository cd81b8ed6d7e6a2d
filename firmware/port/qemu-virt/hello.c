/*
 * Bring-up image: proves start-up, the NS16550A driver, PLIC interrupts and wfi sleep without
 * the core. Prints a banner and a tick every second, echoes every received byte in hex.
 */
#include <stdint.h>

#include "qv_hw.h"
#include "qv_platform.h"
#include "qv_uart.h"

static void put_hex8(uint8_t b)
{
    static const char digits[] = "0123456789abcdef";
    uint8_t s[2] = {(uint8_t)digits[b >> 4], (uint8_t)digits[b & 15u]};
    qv_uart_write(s, 2);
}

int main(void)
{
    qv_uart_init(115200);
    qv_platform_init();
    qv_uart_puts("hello from qemu-virt\r\n");
    uint64_t next = qv_mtime() + QV_MTIME_HZ;
    for (;;) {
        uint8_t buf[32];
        size_t n = qv_uart_read(buf, sizeof buf);
        for (size_t i = 0; i < n; i++) {
            put_hex8(buf[i]);
            qv_uart_puts(" ");
        }
        if (qv_mtime() >= next) {
            qv_uart_puts("tick\r\n");
            next += QV_MTIME_HZ;
        }
        if (n == 0) {
            qv_sleep_until(next);
        }
    }
}
