/**
 * hilbridge's own RFC 6455 server layer, on top of Undertow's HTTP upgrade (no extensions negotiated).
 *
 * <p>Pieces, one job each:
 * <ul>
 *   <li>{@link io.hilbridge.ws.ConnectionLimit}: how many clients at once (--max-clients, from the descriptor
 *       limit); {@code ClientRefusals}: what a client past it is told, the count, one log line a minute.</li>
 *   <li>{@link io.hilbridge.ws.WebSocketUpgradeHandler}: the HTTP handler at /ws; connection limit (503), then
 *       Undertow's protocol switch; {@code applyServerOptions} sets the slowloris (request parse) timeout.</li>
 *   <li>{@link io.hilbridge.ws.HandshakeValidator}: first the application's {@link io.hilbridge.ws.UpgradeAccess}
 *       (Host/Origin 403, token 401; this layer keeps no access rule), then GET over HTTP/1.1, no body, Upgrade and
 *       Connection tokens (and no {@code Connection: close}), one 16-byte key, version 13 (else 426), subprotocol
 *       {@code hilbridge.v1}.</li>
 *   <li>{@code FrameDecoder}: explicit state machine over any split of the input; frame rules (1002) and the message
 *       limit (1009, checked from the header).</li>
 *   <li>{@code MessageAssembler} + {@code Utf8Validator}: fragments joined, UTF-8 checked incrementally (1007 at the
 *       first bad byte).</li>
 *   <li>{@code CloseFrames}: close payload rules and encoding.</li>
 *   <li>{@code SendQueue}: bounded per-client queue with coalescing (a ring of shared frames, no object per frame);
 *       {@code FlushBatcher}: one flush task per IO thread for a broadcast, and the thread's direct gather buffer;
 *       {@code WebSocketConnection}: reads, batched writes (a client's pending frames copied into the gather buffer,
 *       one write call) with partial-write handling, close handshake with write shutdown and input drain, idle
 *       pings, timeouts.</li>
 * </ul>
 *
 * <p>Close codes sent: 1000/echo of the peer's code; 1002 protocol error; 1007 invalid UTF-8; 1008 send queue full
 * (slow client, see {@link io.hilbridge.ws.WebSocketConfig}); 1009 message too big; 1011 listener failure; 1013
 * connection limit raced. A peer that stops answering pings is dropped without a close frame (reported as 1006).
 */
package io.hilbridge.ws;
