package io.citadel.security.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link RangerPolicy} prepared for evaluation: resource values normalised and compiled, items in
 * arrays, its place ({@code ordinal}) in the global evaluation order fixed. Immutable.
 */
final class CompiledPolicy {

    /** The result of one policy for one request. */
    enum Outcome { DENY, ALLOW, NOT_APPLICABLE }

    final RangerPolicy source;
    final int ordinal;
    final boolean hasDeny;
    /** Decisions made once: evaluating allocates nothing for the answer. */
    final Decision allowed;
    final Decision denied;
    private final String[] kinds;
    private final ResourcePattern[] patterns;
    private final PolicyItem[] allow;
    private final PolicyItem[] allowExceptions;
    private final PolicyItem[] deny;
    private final PolicyItem[] denyExceptions;

    CompiledPolicy(RangerPolicy policy, int ordinal) {
        this.source = policy;
        this.ordinal = ordinal;
        this.hasDeny = !policy.deny().isEmpty();
        this.allowed = Decision.allow(policy.id(), "allowed by policy " + policy.id(), policy.audit());
        this.denied = Decision.deny(policy.id(), "denied by policy " + policy.id(), policy.audit());
        Map<String, RangerPolicy.Resource> sorted = new TreeMap<>(policy.resources());
        this.kinds = sorted.keySet().toArray(String[]::new);
        this.patterns = new ResourcePattern[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            RangerPolicy.Resource r = sorted.get(kinds[i]);
            patterns[i] = new ResourcePattern(kinds[i], r.values(), r.excludes(), r.recursive());
        }
        this.allow = policy.allow().toArray(PolicyItem[]::new);
        this.allowExceptions = policy.allowExceptions().toArray(PolicyItem[]::new);
        this.deny = policy.deny().toArray(PolicyItem[]::new);
        this.denyExceptions = policy.denyExceptions().toArray(PolicyItem[]::new);
    }

    /** Kind names, sorted; {@link #indexKeys(int)} of the same position. */
    String kind(int i) {
        return kinds[i];
    }

    int kindCount() {
        return kinds.length;
    }

    List<String> indexKeys(int i) {
        return patterns[i].indexKeys();
    }

    /**
     * Deny items first: a matching deny item decides DENY unless a deny exception also matches;
     * then a matching allow item decides ALLOW unless an allow exception also matches.
     */
    Outcome evaluate(AccessRequest request, Map<String, String> resource) {
        for (int i = 0; i < kinds.length; i++) {
            String value = resource.get(kinds[i]);
            if (value == null || !patterns[i].matches(value)) {
                return Outcome.NOT_APPLICABLE;
            }
        }
        String user = request.user();
        Set<String> groups = request.groups();
        Set<String> roles = request.roles();
        String action = request.action();
        if (anyMatches(deny, user, groups, roles, action)
                && !anyMatches(denyExceptions, user, groups, roles, action)) {
            return Outcome.DENY;
        }
        if (anyMatches(allow, user, groups, roles, action)
                && !anyMatches(allowExceptions, user, groups, roles, action)) {
            return Outcome.ALLOW;
        }
        return Outcome.NOT_APPLICABLE;
    }

    private static boolean anyMatches(PolicyItem[] items, String user, Set<String> groups,
                                      Set<String> roles, String action) {
        for (PolicyItem item : items) {
            if (item.matches(user, groups, roles, action)) {
                return true;
            }
        }
        return false;
    }
}
