package io.citadel.security.policy;

import java.util.Objects;

/**
 * The engine's answer: allowed or not, the id of the deciding policy or rule (or a synthetic id
 * such as {@link #NO_MATCH} when none matched), a human-readable reason, and whether the deciding
 * policy asks for the decision to be audited. Immutable.
 */
public record Decision(boolean allowed, String policyId, String reason, boolean audit) {

    /** Policy id reported when no policy or rule matched and the default (deny) applied. */
    public static final String NO_MATCH = "default-deny";

    /** Policy id reported when no Mesos rule matched and {@code permissive: true} allowed. */
    public static final String PERMISSIVE = "mesos-permissive";

    /** Policy id reported when the request itself was malformed (bad resource spelling). */
    public static final String INVALID_REQUEST = "invalid-request";

    public Decision {
        Objects.requireNonNull(policyId, "policyId");
        Objects.requireNonNull(reason, "reason");
    }

    static Decision allow(String policyId, String reason, boolean audit) {
        return new Decision(true, policyId, reason, audit);
    }

    static Decision deny(String policyId, String reason, boolean audit) {
        return new Decision(false, policyId, reason, audit);
    }
}
