/**
 * The in-process simulated board ({@link io.hilbridge.sim.SimulatedBoard}) with a simulated baud rate and a fault
 * injector, reached through {@link io.hilbridge.sim.LoopbackTransport}: CI and demos without hardware, speaking the
 * exact protocol bytes.
 */
package io.hilbridge.sim;
