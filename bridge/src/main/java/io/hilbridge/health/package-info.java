/**
 * Link health over time: per board, one sample per interval (round trip p50/p99, retransmits, timeouts, decode
 * errors split into line noise and the ROM's boot text) kept in a fixed ring, for the page's charts and
 * {@code GET /api/devices/{device}/health}.
 */
package io.hilbridge.health;
