package io.citadel.security.policy;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One question to the policy engine: may {@code user} (with its groups and security roles) perform
 * {@code action} on {@code resource}?
 *
 * <p>{@code resource} is a typed map from resource kind to value, for example
 * {@code {"role": "eng/frontend"}}, {@code {"uri": "https://repo.test/a.tgz"}} or
 * {@code {"user": "alice"}}; values are normalised by the engine ({@link ResourceNormalizer}) before
 * matching, so callers pass them as they got them. {@code context} carries data for audit and
 * future conditions (request id, client address); the engine does not decide on it today.
 *
 * <p>The user must be the canonical name of the <em>authenticated</em> principal, never a name the
 * client declared. Immutable.
 */
public record AccessRequest(String user, Set<String> groups, Set<String> roles, String action,
                            Map<String, String> resource, Map<String, String> context) {

    public AccessRequest {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(action, "action");
        groups = Set.copyOf(groups);
        roles = Set.copyOf(roles);
        resource = Map.copyOf(resource);
        context = Map.copyOf(context);
    }

    /** A request for {@code subject} with an empty context. */
    public static AccessRequest of(Subject subject, String action, Map<String, String> resource) {
        return new AccessRequest(subject.user(), subject.groups(), subject.roles(), action, resource,
                Map.of());
    }

    /** The same request for another action (used for "any access" evaluation). */
    AccessRequest withAction(String otherAction) {
        return new AccessRequest(user, groups, roles, otherAction, resource, context);
    }
}
