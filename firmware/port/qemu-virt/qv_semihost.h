/*
 * Console output through QEMU's semihosting (SYS_WRITE0), which lands on QEMU's stdout.
 *
 * The UART carries only protocol frames, so this is where the emulated board "shows" its lights,
 * as hilbridge-sim does on its stdout. Our scripts start QEMU with -semihosting-config enable=on;
 * if someone starts the image without it, the semihosting ebreak traps and qv_trap_entry skips
 * it, so printing silently does nothing instead of crashing the board.
 */
#ifndef QV_SEMIHOST_H
#define QV_SEMIHOST_H

void qv_semihost_puts(const char *s);

#endif
