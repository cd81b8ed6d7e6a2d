#include "qv_platform.h"

#include "qv_hw.h"
#include "qv_uart.h"

void qv_trap_entry(void) __attribute__((interrupt("machine"), aligned(4)));

void qv_platform_init(void)
{
    /* Alarm off until someone asks for one: mtimecmp = max never fires. */
    qv_write32(QV_CLINT_MTIMECMP0 + 4u, 0xFFFFFFFFu);
    qv_write32(QV_CLINT_MTIMECMP0, 0xFFFFFFFFu);

    qv_write32(QV_PLIC_PRIORITY(QV_PLIC_UART0_IRQ), 1u);
    qv_write32(QV_PLIC_ENABLE_CTX0, 1u << QV_PLIC_UART0_IRQ);
    qv_write32(QV_PLIC_THRESHOLD0, 0u);

    QV_CSR_SET(mie, QV_MIP_MEIP | QV_MIP_MTIP);
    QV_CSR_SET(mstatus, QV_MSTATUS_MIE);
}

uint64_t qv_mtime(void)
{
    /* RV32 reads the 64-bit counter in two halves; retry if the high half moved in between. */
    uint32_t hi, lo;
    do {
        hi = qv_read32(QV_CLINT_MTIME + 4u);
        lo = qv_read32(QV_CLINT_MTIME);
    } while (hi != qv_read32(QV_CLINT_MTIME + 4u));
    return ((uint64_t)hi << 32) | lo;
}

uint32_t qv_millis(void)
{
    return (uint32_t)(qv_mtime() / (QV_MTIME_HZ / 1000u));
}

static void set_alarm(uint64_t when)
{
    /* High half to max first so no spurious match is possible between the two stores. */
    qv_write32(QV_CLINT_MTIMECMP0 + 4u, 0xFFFFFFFFu);
    qv_write32(QV_CLINT_MTIMECMP0, (uint32_t)when);
    qv_write32(QV_CLINT_MTIMECMP0 + 4u, (uint32_t)(when >> 32));
}

void qv_sleep_until(uint64_t deadline_mtime)
{
    /*
     * Interrupts off while checking, so a byte that arrives between the check and wfi cannot be
     * missed: wfi still wakes for a pending interrupt that is enabled in mie even with
     * mstatus.MIE clear, and re-enabling MIE afterwards lets the trap handler take it.
     */
    QV_CSR_CLEAR(mstatus, QV_MSTATUS_MIE);
    if (!qv_uart_rx_pending() && (deadline_mtime == QV_NO_DEADLINE || qv_mtime() < deadline_mtime)) {
        set_alarm(deadline_mtime);
        __asm__ volatile("wfi");
    }
    QV_CSR_SET(mstatus, QV_MSTATUS_MIE);
}

void qv_trap_entry(void)
{
    uint32_t cause;
    QV_CSR_READ(mcause, cause);
    if (cause == 3u) {
        /*
         * Breakpoint: a semihosting call while QEMU runs without -semihosting-config (see
         * qv_semihost.h). Skip the 4-byte ebreak so the call returns having done nothing.
         */
        uint32_t epc;
        QV_CSR_READ(mepc, epc);
        epc += 4u;
        __asm__ volatile(QV_CSR_ASM("csrw mepc, %0") : : "r"(epc));
        return;
    }
    if ((cause & 0x80000000u) == 0u) {
        /* Any other exception is a firmware bug; say so and restart like a watchdog would. */
        qv_uart_puts("\r\nqemu-virt: exception, resetting\r\n");
        qv_reset();
    }
    switch (cause & 0x7FFFFFFFu) {
    case 7u: /* machine timer: the main loop only needs to wake; silence the alarm */
        qv_write32(QV_CLINT_MTIMECMP0 + 4u, 0xFFFFFFFFu);
        qv_write32(QV_CLINT_MTIMECMP0, 0xFFFFFFFFu);
        break;
    case 11u: { /* machine external: claim from the PLIC, serve, complete */
        uint32_t src;
        while ((src = qv_read32(QV_PLIC_CLAIM0)) != 0u) {
            if (src == QV_PLIC_UART0_IRQ) {
                qv_uart_isr();
            }
            qv_write32(QV_PLIC_CLAIM0, src);
        }
        break;
    }
    default:
        break;
    }
}

uint32_t qv_boot_entropy(void)
{
    /* Reading TIME_LOW latches TIME_HIGH; the host's ns clock differs on every emulator start. */
    uint32_t lo = qv_read32(QV_RTC_BASE);
    uint32_t hi = qv_read32(QV_RTC_BASE + 4u);
    uint64_t x = ((uint64_t)hi << 32) ^ lo ^ qv_mtime();
    /* splitmix64 finaliser: spreads the low-entropy clock bits over all 32 output bits */
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    x ^= x >> 31;
    return (uint32_t)x;
}

void qv_poweroff(int pass)
{
    /* sifive_test: 0x5555 = pass (exit 0), (code << 16) | 0x3333 = fail with that code */
    qv_write32(QV_TEST_BASE, pass ? 0x5555u : ((1u << 16) | 0x3333u));
    for (;;) {
        __asm__ volatile("wfi");
    }
}

void qv_reset(void)
{
    qv_write32(QV_TEST_BASE, 0x7777u);
    for (;;) {
        __asm__ volatile("wfi");
    }
}
