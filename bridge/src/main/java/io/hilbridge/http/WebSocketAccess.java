package io.hilbridge.http;

import io.hilbridge.access.AccessPolicy;
import io.hilbridge.access.AccessRequest;
import io.hilbridge.access.AccessVerdict;
import io.hilbridge.ws.HandshakeValidator;
import io.hilbridge.ws.UpgradeAccess;

import java.util.List;

/**
 * The bridge's {@link AccessPolicy} as the WebSocket layer asks for it: the handshake gets exactly the verdict the
 * page, REST and metrics get (the WebSocket is a {@link AccessPolicy.Scope#PROTECTED} resource).
 *
 * <p>Immutable and thread-safe.
 */
public final class WebSocketAccess implements UpgradeAccess {
    private final AccessPolicy policy;

    public WebSocketAccess(AccessPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Refusal check(HandshakeValidator.Headers headers, String queryToken) {
        AccessVerdict v = policy.decide(
                new AccessRequest() {
                    @Override
                    public List<String> headers(String name) {
                        return headers.all(name);
                    }

                    @Override
                    public String queryToken() {
                        return queryToken;
                    }
                },
                AccessPolicy.Scope.PROTECTED);
        return v.allowed() ? null : new Refusal(v.status(), v.reason());
    }

    @Override
    public String toString() {
        return "WebSocketAccess(token " + (policy.tokenRequired() ? "required" : "not required") + ")";
    }
}
