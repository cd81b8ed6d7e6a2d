/**
 * {@code hilbridge doctor}: per serial port, what stands between it and a working board, with a fix per problem
 * ({@link io.hilbridge.doctor.Doctor}, printed by {@link io.hilbridge.doctor.DoctorCommand}). The checks themselves
 * live in {@code io.hilbridge.serial} ({@link io.hilbridge.serial.PortChecks}) and {@code io.hilbridge.link}
 * ({@link io.hilbridge.link.HandshakeWatch}), shared with the bridge's messages at start.
 */
package io.hilbridge.doctor;
