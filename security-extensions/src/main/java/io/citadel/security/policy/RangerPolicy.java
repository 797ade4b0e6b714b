package io.citadel.security.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Ranger-style policy as written in a policy file (see {@link PolicyLoader} for the JSON form).
 *
 * <p>{@code resources} maps a resource kind ({@code role}, {@code uri}, {@code user}, ...) to the
 * values it covers. A policy applies to a request when <em>every</em> kind it names is present in the
 * request and matches; kinds the request carries but the policy does not name are not constrained
 * (so a {@code run_task} policy that should restrict the Unix user must name {@code user}). See
 * {@link PolicySet} for how items and priorities decide. Immutable.
 */
public record RangerPolicy(String id, String name, boolean enabled, boolean audit, Priority priority,
                           Map<String, Resource> resources, List<PolicyItem> allow,
                           List<PolicyItem> allowExceptions, List<PolicyItem> deny,
                           List<PolicyItem> denyExceptions) {

    /** Policy priority: every {@code OVERRIDE} policy is considered before any {@code NORMAL} one. */
    public enum Priority {
        /** Considered first; a decision at this priority is final. */
        OVERRIDE,
        /** The usual priority. */
        NORMAL
    }

    /** The values of one resource kind, with Ranger's {@code isExcludes} and {@code isRecursive}. */
    public record Resource(List<String> values, boolean excludes, boolean recursive) {
        public Resource {
            values = List.copyOf(values);
        }

        /** A non-excluding, non-recursive resource. */
        public static Resource of(String... values) {
            return new Resource(List.of(values), false, false);
        }

        /** A recursive resource. */
        public static Resource recursive(String... values) {
            return new Resource(List.of(values), false, true);
        }
    }

    public RangerPolicy {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(priority, "priority");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("policy id must not be empty");
        }
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("policy " + id + " names no resources");
        }
        name = name == null ? id : name;
        resources = Map.copyOf(resources);
        allow = List.copyOf(allow);
        allowExceptions = List.copyOf(allowExceptions);
        deny = List.copyOf(deny);
        denyExceptions = List.copyOf(denyExceptions);
    }
}
