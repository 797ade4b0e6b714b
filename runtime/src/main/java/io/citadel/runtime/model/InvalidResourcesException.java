package io.citadel.runtime.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when resource text or a resource message is invalid; carries every problem found, each
 * naming its field, so a submission with {@code mem:-128;cpus:-1} is answered with both errors at
 * once (B04) rather than one per round trip.
 *
 * <p>Immutable. Callers that answer a remote peer turn {@link #violations()} into a typed error
 * reply; the message is safe to log (it holds resource names and numbers only).
 */
public final class InvalidResourcesException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** One problem: the field it concerns ({@code cpus}, {@code cpus(ads)}, {@code ports}, ...) and what is wrong. */
    public record Violation(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    private final List<Violation> violations;

    /** @param violations at least one problem */
    public InvalidResourcesException(List<Violation> violations) {
        super("invalid resources: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an InvalidResourcesException needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    /** Every problem found, in the order found; never empty. */
    public List<Violation> violations() {
        return violations;
    }

    /** Throws if {@code violations} is not empty. */
    static void throwIfAny(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidResourcesException(violations);
        }
    }
}
