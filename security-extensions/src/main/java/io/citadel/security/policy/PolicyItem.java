package io.citadel.security.policy;

import java.util.Set;

/**
 * One allow, allow-exception, deny or deny-exception item of a {@link RangerPolicy}: who
 * ({@code users}, {@code groups}, {@code roles}) and which {@code accesses} (action names, or
 * {@code *} for every action).
 *
 * <p>A subject matches when its user is in {@code users}, or one of its groups is in
 * {@code groups} (the group {@value #PUBLIC_GROUP} matches every subject, as in Ranger), or one of
 * its security roles is in {@code roles}. Immutable.
 */
public record PolicyItem(Set<String> users, Set<String> groups, Set<String> roles, Set<String> accesses) {

    /** The group every subject belongs to. */
    public static final String PUBLIC_GROUP = "public";

    /** The access that stands for every action. */
    public static final String ALL_ACCESSES = "*";

    public PolicyItem {
        users = Set.copyOf(users);
        groups = Set.copyOf(groups);
        roles = Set.copyOf(roles);
        accesses = Set.copyOf(accesses);
        if (accesses.isEmpty()) {
            throw new IllegalArgumentException("policy item has no accesses");
        }
        if (users.isEmpty() && groups.isEmpty() && roles.isEmpty()) {
            throw new IllegalArgumentException("policy item names no users, groups or roles");
        }
    }

    boolean matches(String user, Set<String> subjectGroups, Set<String> subjectRoles, String action) {
        if (!accesses.contains(action) && !accesses.contains(ALL_ACCESSES)) {
            return false;
        }
        if (users.contains(user) || groups.contains(PUBLIC_GROUP)) {
            return true;
        }
        for (String g : subjectGroups) {
            if (groups.contains(g)) {
                return true;
            }
        }
        for (String r : subjectRoles) {
            if (roles.contains(r)) {
                return true;
            }
        }
        return false;
    }
}
