/**
 * Byte transports to a board: the {@link io.hilbridge.serial.SerialTransport} interface, real serial ports through
 * jSerialComm ({@link io.hilbridge.serial.JSerialCommTransport}), port discovery by USB id
 * ({@link io.hilbridge.serial.SerialPorts}), what is done to DTR/RTS per adapter family and OS
 * ({@link io.hilbridge.serial.LinePolicy}, docs/serial-lines.md), and the ways a board kind is reset from outside its
 * firmware ({@link io.hilbridge.serial.BoardReset}).
 */
package io.hilbridge.serial;
