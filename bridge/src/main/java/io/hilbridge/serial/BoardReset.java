package io.hilbridge.serial;

import java.io.IOException;

/**
 * Resets the board behind a transport from outside its firmware: a reset line (the EN pin through RTS on a USB-UART
 * bridge, the USB-Serial/JTAG's reset logic), the in-process simulated board's power, an emulator's system reset.
 * Each kind of board that has such a way implements this; a transport without one makes the link ask the firmware
 * to reboot (REBOOT_REQ, uart-link.md section 4). Either way the link then waits for the board's HELLO with a new
 * boot id.
 *
 * <p>Implementations are called from the link's own thread and may block for the reset pulse (at most about a
 * second); they must be safe to call while the transport reads and writes on other threads.
 */
public interface BoardReset {

    /** Resets the board and returns once it has been let out of reset. */
    void reset() throws IOException, InterruptedException;

    /** For people and logs: "RTS pulse of 100 ms (esptool hard reset)", "QEMU system reset", ... */
    String describe();
}
