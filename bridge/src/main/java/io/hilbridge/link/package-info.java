/**
 * The UART link to a board (protocol-spec/uart-link.md). Framing: {@link io.hilbridge.link.Cobs},
 * {@link io.hilbridge.link.Crc16}, {@link io.hilbridge.link.FrameEncoder} and the incremental
 * {@link io.hilbridge.link.FrameDecoder}; payloads: {@link io.hilbridge.link.Messages}. The host's side of the
 * protocol is {@link io.hilbridge.link.LinkSession}, one per board, which the rest of the bridge sees as a
 * {@link io.hilbridge.link.BoardLink}: handshake, stop-and-wait SETs with retransmit, per-light coalescing,
 * heartbeat, replay after a reset, reconnect after an unplug. Timings are in {@link io.hilbridge.link.LinkConfig}.
 */
package io.hilbridge.link;
