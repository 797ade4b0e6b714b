package io.citadel.security.policy;

/**
 * Answers access requests. Implementations are thread-safe: many threads may call
 * {@link #evaluate(AccessRequest)} at once, also while policies are being reloaded.
 */
public interface PolicyEngine {

    /**
     * Decides {@code request}. Never throws for a bad request: a resource that cannot be normalised
     * is denied with policy id {@link Decision#INVALID_REQUEST}.
     */
    Decision evaluate(AccessRequest request);
}
