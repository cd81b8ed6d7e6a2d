/*
 * Memory map of QEMU's RISC-V "virt" machine (hw/riscv/virt.c) as used by this port, and the
 * volatile accessors for it. Only hart 0 in machine mode is used, so "context 0" of the PLIC
 * and hart 0's CLINT registers are the only ones touched.
 */
#ifndef QV_HW_H
#define QV_HW_H

#include <stdint.h>

/* The address map, kept aligned as a table. */
/* clang-format off */
#define QV_CLINT_BASE       0x02000000u
#define QV_CLINT_MTIMECMP0  (QV_CLINT_BASE + 0x4000u)
#define QV_CLINT_MTIME      (QV_CLINT_BASE + 0xBFF8u)
#define QV_MTIME_HZ         10000000u   /* virt's timebase-frequency */

#define QV_PLIC_BASE        0x0C000000u
#define QV_PLIC_UART0_IRQ   10u
#define QV_PLIC_PRIORITY(src) (QV_PLIC_BASE + 4u * (src))
#define QV_PLIC_ENABLE_CTX0 (QV_PLIC_BASE + 0x2000u)
#define QV_PLIC_THRESHOLD0  (QV_PLIC_BASE + 0x200000u)
#define QV_PLIC_CLAIM0      (QV_PLIC_BASE + 0x200004u)

#define QV_UART0_BASE       0x10000000u
#define QV_UART_CLOCK_HZ    3686400u

#define QV_RTC_BASE         0x00101000u /* goldfish RTC: host wall clock in ns */
#define QV_TEST_BASE        0x00100000u /* sifive_test: write to power off or reset */
/* clang-format on */

/* mie / mip bits */
#define QV_MIP_MTIP (1u << 7)
#define QV_MIP_MEIP (1u << 11)
#define QV_MSTATUS_MIE (1u << 3)

static inline uint32_t qv_read32(uint32_t addr)
{
    return *(volatile uint32_t *)(uintptr_t)addr;
}
static inline void qv_write32(uint32_t addr, uint32_t v)
{
    *(volatile uint32_t *)(uintptr_t)addr = v;
}
static inline uint8_t qv_read8(uint32_t addr)
{
    return *(volatile uint8_t *)(uintptr_t)addr;
}
static inline void qv_write8(uint32_t addr, uint8_t v)
{
    *(volatile uint8_t *)(uintptr_t)addr = v;
}

/*
 * CSR access. The build says -march=rv32imc (not rv32imc_zicsr) because Debian's multilib picks
 * 64-bit libraries for the _zicsr spelling; the CSR instructions are enabled locally instead.
 */
#define QV_CSR_ASM(insn) ".option push\n.option arch, +zicsr\n" insn "\n.option pop"
#define QV_CSR_SET(csr, bits) __asm__ volatile(QV_CSR_ASM("csrs " #csr ", %0") : : "r"(bits) : "memory")
#define QV_CSR_CLEAR(csr, bits) __asm__ volatile(QV_CSR_ASM("csrc " #csr ", %0") : : "r"(bits) : "memory")
#define QV_CSR_READ(csr, out) __asm__ volatile(QV_CSR_ASM("csrr %0, " #csr) : "=r"(out))

#endif
