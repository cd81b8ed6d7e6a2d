/**
 * The UART link to a board (protocol-spec/uart-link.md). Framing: {@link io.hilbridge.link.Cobs},
 * {@link io.hilbridge.link.Crc16}, {@link io.hilbridge.link.FrameEncoder} and the incremental
 * {@link io.hilbridge.link.FrameDecoder}; payloads: {@link io.hilbridge.link.Messages}. The host's side of the
 * protocol is {@link io.hilbridge.link.LinkSession}, one per board, which the rest of the bridge sees as a
 * {@link io.hilbridge.link.BoardLink}: handshake, a window of SETs in flight with retransmit, per-light coalescing
 * and merging, writes paced to the wire ({@link io.hilbridge.link.WirePacer}), heartbeat, replay after a reset,
 * reconnect after an unplug. Timings and the window are in {@link io.hilbridge.link.LinkConfig}.
 *
 * <p>It takes commands already checked by {@link io.hilbridge.command.CommandValidator} and adds only the checks
 * that need its own state (closed, offline, being reset), worded by {@link io.hilbridge.command.CommandErrors}. It
 * knows no JSON, no HTTP and nothing of {@code io.hilbridge.api} or {@code io.hilbridge.engine}.
 */
package io.hilbridge.link;
