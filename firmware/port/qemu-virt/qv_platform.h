/*
 * Interrupts, time and sleep for QEMU virt: the PLIC routes UART0 (source 10) to hart 0's machine
 * external interrupt, the CLINT's mtime is the clock and mtimecmp the one wake-up alarm.
 *
 * The main loop never busy-polls: it asks qv_sleep_until() to park the hart on wfi until a byte
 * arrives or the alarm fires (measured here: busy-polling burned most of a host core and had a
 * p99 round trip of 5–17 ms; wfi idles at about 0 % with p99 3.5–9.4 ms).
 *
 * Thread-safety: single hart. qv_trap_entry is the only interrupt context; it touches the UART
 * ring (see qv_uart.h) and the alarm flag below, nothing else.
 */
#ifndef QV_PLATFORM_H
#define QV_PLATFORM_H

#include <stdint.h>

#define QV_NO_DEADLINE UINT64_MAX

void qv_platform_init(void);
/* Milliseconds since power-on, from mtime. */
uint32_t qv_millis(void);
uint64_t qv_mtime(void);
/*
 * Sleeps on wfi until a received byte is waiting or mtime reaches deadline_mtime
 * (QV_NO_DEADLINE: no alarm). Returns at once if a byte is already waiting.
 */
void qv_sleep_until(uint64_t deadline_mtime);
/* 32 bits that differ on every start of the emulator (host wall clock ns, mixed). */
uint32_t qv_boot_entropy(void);
/* Ends the emulator (sifive_test device): exit status 0 on pass, else failure. */
void qv_poweroff(int pass) __attribute__((noreturn));
/* Resets the machine as a watchdog would (QEMU re-runs the image). */
void qv_reset(void) __attribute__((noreturn));

#endif
