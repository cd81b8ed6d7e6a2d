#include "qv_uart.h"

#include "qv_hw.h"

/* Register offsets (reg-shift 0 on virt). */
#define RBR 0u /* read, DLAB=0 */
#define THR 0u /* write, DLAB=0 */
#define DLL 0u /* DLAB=1 */
#define IER 1u
#define DLM 1u /* DLAB=1 */
#define FCR 2u /* write */
#define LCR 3u
#define MCR 4u
#define LSR 5u

#define LSR_DR 0x01u   /* data ready */
#define LSR_THRE 0x20u /* transmit holding register empty */
#define IER_RDA 0x01u  /* received data available (and character timeout in FIFO mode) */
#define LCR_DLAB 0x80u
#define LCR_8N1 0x03u
#define FCR_FIFO_14 0xC7u /* enable FIFOs, clear both, RX trigger at 14 bytes */
#define MCR_OUT2 0x08u    /* gates the IRQ line on real 16550s; harmless on QEMU */

_Static_assert((QV_UART_RX_RING & (QV_UART_RX_RING - 1u)) == 0u, "ring size must be a power of two");

static uint8_t ring[QV_UART_RX_RING];
static volatile uint32_t ring_head; /* written only by the ISR */
static volatile uint32_t ring_tail; /* written only by the main loop */
static volatile uint32_t overruns;

static inline uint8_t reg_read(uint32_t off)
{
    return qv_read8(QV_UART0_BASE + off);
}
static inline void reg_write(uint32_t off, uint8_t v)
{
    qv_write8(QV_UART0_BASE + off, v);
}

void qv_uart_init(uint32_t baud)
{
    uint32_t divisor = QV_UART_CLOCK_HZ / (16u * baud);
    reg_write(IER, 0);
    reg_write(LCR, LCR_DLAB);
    reg_write(DLL, (uint8_t)(divisor & 0xFFu));
    reg_write(DLM, (uint8_t)(divisor >> 8));
    reg_write(LCR, LCR_8N1);
    reg_write(FCR, FCR_FIFO_14);
    reg_write(MCR, MCR_OUT2);
    ring_head = ring_tail = 0;
    while (reg_read(LSR) & LSR_DR) { /* drop anything received before we were ready */
        (void)reg_read(RBR);
    }
    reg_write(IER, IER_RDA);
}

void qv_uart_isr(void)
{
    uint32_t head = ring_head;
    while (reg_read(LSR) & LSR_DR) {
        uint8_t b = reg_read(RBR);
        if (head - ring_tail >= QV_UART_RX_RING) {
            overruns++; /* drop: the framing resynchronises on the next 0x00 */
            continue;
        }
        ring[head & (QV_UART_RX_RING - 1u)] = b;
        head++;
    }
    ring_head = head;
}

int qv_uart_rx_pending(void)
{
    return ring_head != ring_tail;
}

size_t qv_uart_read(uint8_t *buf, size_t cap)
{
    uint32_t tail = ring_tail;
    uint32_t head = ring_head;
    size_t n = 0;
    while (tail != head && n < cap) {
        buf[n++] = ring[tail & (QV_UART_RX_RING - 1u)];
        tail++;
    }
    ring_tail = tail;
    return n;
}

void qv_uart_write(const uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        while ((reg_read(LSR) & LSR_THRE) == 0u) {
        }
        reg_write(THR, buf[i]);
    }
}

void qv_uart_puts(const char *s)
{
    while (*s) {
        qv_uart_write((const uint8_t *)s, 1);
        s++;
    }
}

uint32_t qv_uart_rx_overruns(void)
{
    return overruns;
}
