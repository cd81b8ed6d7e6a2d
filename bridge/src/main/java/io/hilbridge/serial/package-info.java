/**
 * Byte transports to a board: the {@link io.hilbridge.serial.SerialTransport} interface, real serial ports through
 * jSerialComm ({@link io.hilbridge.serial.JSerialCommTransport}) and port discovery by USB id
 * ({@link io.hilbridge.serial.SerialPorts}).
 */
package io.hilbridge.serial;
