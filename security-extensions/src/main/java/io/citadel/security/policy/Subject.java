package io.citadel.security.policy;

import java.util.Objects;
import java.util.Set;

/**
 * An authenticated subject as the policy engine sees it: the canonical user principal (see
 * {@link PrincipalCanonicalizer}), the groups it belongs to and the security roles it holds.
 *
 * <p>"Roles" here are <em>security</em> roles (for example {@code operators}) used by policy items,
 * not the resource roles ({@code eng/frontend}) that frameworks register for; those are a resource
 * kind. Immutable.
 */
public record Subject(String user, Set<String> groups, Set<String> roles) {

    public Subject {
        Objects.requireNonNull(user, "user");
        if (user.isEmpty()) {
            throw new IllegalArgumentException("subject user must not be empty");
        }
        groups = Set.copyOf(groups);
        roles = Set.copyOf(roles);
    }

    /** A subject with no groups and no roles. */
    public static Subject user(String user) {
        return new Subject(user, Set.of(), Set.of());
    }
}
