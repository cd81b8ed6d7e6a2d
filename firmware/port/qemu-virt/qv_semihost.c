#include "qv_semihost.h"

#include <stdint.h>

#define SYS_WRITE0 0x04

void qv_semihost_puts(const char *s)
{
    register uintptr_t a0 __asm__("a0") = SYS_WRITE0;
    register uintptr_t a1 __asm__("a1") = (uintptr_t)s;
    /*
     * The RISC-V semihosting call: ebreak between two marker instructions, uncompressed and
     * 16-byte aligned so the three never straddle a page (QEMU reads the markers around ebreak).
     */
    __asm__ volatile(".option push\n"
                     ".option norvc\n"
                     ".balign 16\n"
                     "slli x0, x0, 0x1f\n"
                     "ebreak\n"
                     "srai x0, x0, 7\n"
                     ".option pop\n"
                     : "+r"(a0)
                     : "r"(a1)
                     : "memory");
}
