/**
 * Link traces (protocol-spec/trace-format.md): {@link io.hilbridge.trace.LinkTrace} records what crosses each
 * board's UART link into a pcapng file without ever making the link wait; {@link io.hilbridge.trace.TraceReader}
 * reads such a file back and {@link io.hilbridge.trace.TraceText} prints its records, for {@code hilbridge trace}.
 */
package io.hilbridge.trace;
