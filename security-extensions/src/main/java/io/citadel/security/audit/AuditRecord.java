package io.citadel.security.audit;

import java.util.Objects;

/**
 * What a caller hands to {@link AuditLog#offer(AuditRecord)}: one decision. The log adds the
 * sequence number, the time and the hash of the previous line when it writes it. Immutable.
 *
 * @param principal canonical authenticated principal
 * @param action the action decided (e.g. {@code register_framework})
 * @param object the object, as the caller names it (e.g. {@code role=eng/frontend})
 * @param allowed the decision
 * @param policyId the deciding policy or rule id
 * @param requestId the request id from the request context
 * @param epoch the epoch of the master that decided
 */
public record AuditRecord(String principal, String action, String object, boolean allowed,
                          String policyId, String requestId, long epoch) {

    public AuditRecord {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(policyId, "policyId");
        Objects.requireNonNull(requestId, "requestId");
    }
}
