/*
 * Reset entry for QEMU virt (-bios none): hart 0 starts here in machine mode with a0 = hart id.
 * Only hart 0 runs the firmware (QEMU starts one hart unless -smp says otherwise; any other parks).
 * QEMU has already placed .text/.data in RAM, so start-up is: gp, sp, zero .bss, trap vector, main.
 */
    .section .text.start, "ax"
    .globl _start
_start:
    .option arch, +zicsr
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    csrr    t0, mhartid
    bnez    t0, park
    la      sp, __stack_top

    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sw      zero, 0(t0)
    addi    t0, t0, 4
    j       1b
2:
    la      t0, qv_trap_entry
    csrw    mtvec, t0            /* direct mode: every trap enters qv_trap_entry */
    call    main
park:
    wfi
    j       park
