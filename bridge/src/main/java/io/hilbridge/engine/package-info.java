/**
 * The command engine: {@link io.hilbridge.engine.CommandEngine} is the entry every front-end calls to change lights
 * or reset a board (the WebSocket API and REST through {@code ApiService}; next MQTT and the Java client). It names
 * the device, has the command checked by {@link io.hilbridge.command.CommandValidator}, hands it to the board's
 * {@link io.hilbridge.link.BoardLink} and owns the deadline.
 *
 * <p>The deadline: the engine is the only place that ends a caller's wait. A command ends at the latest
 * {@code commandTimeout} (10 s) after it was submitted, a reset {@code commandTimeout} + 20 s after, with
 * {@code timeout}. The link does not time commands out; its bounded retransmission (uart-link.md section 6: five
 * transmissions, about 1.5 s) and its reset wait (10 s) are protocol rules that end one SET or one reset run with
 * the board's answer "nothing came back", which the engine passes on unchanged (also as {@code timeout}).
 *
 * <p>Depends on {@code io.hilbridge.command}, {@code io.hilbridge.link} and {@code io.hilbridge.lights}; knows no JSON
 * and no HTTP. Thread-safe: it holds no mutable state, never blocks and calls a link without holding a lock.
 */
package io.hilbridge.engine;
