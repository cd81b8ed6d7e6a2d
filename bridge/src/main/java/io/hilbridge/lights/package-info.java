/**
 * The light model shared by every layer: what a board has ({@link BoardInfo}, {@link LightInfo}), what a light
 * is doing ({@link LightState}), what a client asks for ({@link LightChange}), and how a command fails
 * ({@link CommandException} with an {@link ErrorCode}). Plain immutable values, no I/O.
 */
package io.hilbridge.lights;
