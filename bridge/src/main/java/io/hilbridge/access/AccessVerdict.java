package io.hilbridge.access;

/**
 * What {@link AccessPolicy} decided for one request: allowed, or refused by one named rule with a reason that says
 * what was wrong. Immutable.
 *
 * @param refusedBy the rule that refused the request, or null when it is allowed
 * @param reason    why (printable ASCII, bounded; client-supplied parts are abbreviated), or null when allowed
 */
public record AccessVerdict(Rule refusedBy, String reason) {

    /** The access rules, in the order they are checked; each refusal maps to one HTTP status. */
    public enum Rule {
        /** DNS rebinding: the Host header must name this machine (when listening on loopback). */
        HOST(403),
        /** Cross-site requests: a browser's Origin must be the bridge's own or an allowed one. */
        ORIGIN(403),
        /** The configured token must be presented. */
        TOKEN(401);

        private final int status;

        Rule(int status) {
            this.status = status;
        }

        /** The HTTP status of a refusal by this rule. */
        public int status() {
            return status;
        }
    }

    public static final AccessVerdict ALLOWED = new AccessVerdict(null, null);

    static AccessVerdict refuse(Rule rule, String reason) {
        return new AccessVerdict(rule, reason);
    }

    public boolean allowed() {
        return refusedBy == null;
    }

    /** 200 when allowed, else the refusing rule's status (401 or 403). */
    public int status() {
        return refusedBy == null ? 200 : refusedBy.status();
    }
}
