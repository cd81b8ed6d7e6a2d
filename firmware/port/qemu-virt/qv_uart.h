/*
 * NS16550A driver for virt's UART0, the board's only serial port (QEMU exposes it as -serial pty).
 *
 * Receive is interrupt-driven: the ISR drains the FIFO into a bounded ring that the main loop
 * reads. The FIFO trigger is 14 bytes (FCR=0xC7) so a burst of frames costs one interrupt per
 * 14 bytes instead of one per byte (measured here: 100 pipelined frames took 1,060 ms at a
 * 1-byte trigger, ~100–200 ms at 14); the 16550's character-timeout interrupt delivers the tail
 * of a burst shorter than the trigger. Transmit is polled: frames are short and the emulated
 * transmitter never stalls.
 *
 * Thread-safety: qv_uart_isr() runs in the trap handler and is the ring's only producer;
 * qv_uart_read() runs in the main loop and is its only consumer. Indices are written by one side
 * each, so no lock is needed on a single hart.
 */
#ifndef QV_UART_H
#define QV_UART_H

#include <stddef.h>
#include <stdint.h>

#define QV_UART_RX_RING 1024u /* power of two; > 4 encoded max-size frames */

void qv_uart_init(uint32_t baud);
/* Called from the trap handler when the PLIC reports source 10. */
void qv_uart_isr(void);
/* Copies up to cap received bytes into buf; returns how many. Never blocks. */
size_t qv_uart_read(uint8_t *buf, size_t cap);
/* True if received bytes are waiting in the ring. */
int qv_uart_rx_pending(void);
/* Blocks until every byte is in the transmitter. */
void qv_uart_write(const uint8_t *buf, size_t len);
void qv_uart_puts(const char *s);
/* Bytes dropped because the ring was full (the main loop fell behind). */
uint32_t qv_uart_rx_overruns(void);

#endif
