package io.hilbridge.ws;

/**
 * Who may open a WebSocket: the application's access policy (Host, Origin, token), asked first in every handshake.
 * The WebSocket layer keeps no access rule of its own; it only carries out the answer.
 *
 * <p>Implementations must be thread-safe (handshakes run concurrently).
 */
@FunctionalInterface
public interface UpgradeAccess {

    /** A refusal: the HTTP status (401 or 403) and a one-line reason naming the rule. */
    record Refusal(int status, String reason) {}

    /**
     * @param headers    the request headers
     * @param queryToken the decoded {@code token} query parameter, or null
     * @return null to let the handshake go on, else why not
     */
    Refusal check(HandshakeValidator.Headers headers, String queryToken);

    /**
     * For a server that has no policy: any request with an Origin header (a browser page) is refused; non-browser
     * clients are let through. Secure by default, and no second copy of the application's rules.
     */
    UpgradeAccess NO_BROWSERS = new UpgradeAccess() {
        @Override
        public Refusal check(HandshakeValidator.Headers headers, String queryToken) {
            return headers.all("Origin").isEmpty()
                    ? null
                    : new Refusal(403, "browser requests (Origin) are refused: no access policy is set");
        }

        @Override
        public String toString() {
            return "NO_BROWSERS";
        }
    };
}
