/**
 * The board's log as the bridge keeps it: LOG frames and the text the board printed outside frames (its boot
 * banner), cleaned ({@link io.hilbridge.boardlog.LogText}) and kept in a bounded ring per board
 * ({@link io.hilbridge.boardlog.LogRing}) that REST pages through and whose new lines the API broadcasts
 * ({@link io.hilbridge.boardlog.BoardLogs}).
 */
package io.hilbridge.boardlog;
