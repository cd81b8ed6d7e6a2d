/**
 * Who may use the bridge: {@link io.hilbridge.access.AccessPolicy} decides Host (DNS rebinding), Origin (cross-site
 * requests) and token for every route, page, REST, metrics and WebSocket handshake alike. Knows no HTTP server and
 * no lights: a request is seen through {@link io.hilbridge.access.AccessRequest}.
 */
package io.hilbridge.access;
