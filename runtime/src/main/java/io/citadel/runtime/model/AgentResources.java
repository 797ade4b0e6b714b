package io.citadel.runtime.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.citadel.runtime.model.InvalidResourcesException.Violation;

/**
 * An agent's resources split by reservation: what any role may use ({@code unreserved}, the
 * default role {@code *}) and what is reserved for a named role. The allocator keeps one per agent
 * for the total and one for the free pool; offers to a framework of role R carry
 * {@link #allocatableTo(Role)}.
 *
 * <p>Text form is Mesos's static-reservation syntax: {@code cpus(ads):8;mem(ads):4096;cpus:4}
 * (a name without a role, or with {@code (*)}, is unreserved). Within one agent every port appears
 * at most once across all roles, so {@link #total()} is always defined.
 *
 * <p>Reservations are hierarchical: resources reserved for {@code eng} may be used by
 * {@code eng/frontend} too, as in Mesos, but not the other way round.
 *
 * <p>Immutable and thread-safe; validated on construction, including Jackson deserialisation.
 *
 * @param unreserved resources of the default role {@code *}
 * @param reserved   resources per role name (never {@code *}, never empty), sorted by role name
 */
public record AgentResources(@JsonProperty("unreserved") Resources unreserved,
                             @JsonProperty("reserved") Map<String, Resources> reserved) {

    /** No resources. */
    public static final AgentResources EMPTY = new AgentResources(Resources.EMPTY, Map.of());
    /** Most roles one agent may hold reservations for. */
    public static final int MAX_ROLES = 1024;

    /** Validates roles and that no port is held twice; drops empty reservations. */
    @JsonCreator
    public AgentResources {
        List<Violation> violations = new ArrayList<>();
        Resources base = unreserved == null ? Resources.EMPTY : unreserved;
        Map<String, Resources> byRole = new TreeMap<>();
        if (reserved != null && reserved.size() > MAX_ROLES) {
            violations.add(new Violation("reserved", reserved.size() + " roles, at most " + MAX_ROLES));
        } else if (reserved != null) {
            reserved.forEach((role, resources) -> {
                String problem = Role.DEFAULT_NAME.equals(role)
                        ? "unreserved resources belong in 'unreserved', not under role '*'" : Role.problem(role);
                if (problem != null) {
                    violations.add(new Violation("reserved(" + Texts.printable(role) + ")", problem));
                } else if (resources != null && !resources.isEmpty()) {
                    byRole.put(role, resources);
                }
            });
        }
        InvalidResourcesException.throwIfAny(violations);
        unreserved = base;
        reserved = Collections.unmodifiableMap(byRole);
        sum(unreserved, reserved); // refuses a port that is both unreserved and reserved, or reserved twice
    }

    /**
     * Parses Mesos static-reservation text such as {@code cpus(ads):8;mem(ads):4096;cpus:4}.
     *
     * @throws InvalidResourcesException listing every problem, each naming its field ({@code cpus(ads)})
     */
    public static AgentResources parse(String text) {
        Map<String, ResourceText.Part> parts = ResourceText.parse(text, true);
        Resources unreserved = Resources.EMPTY;
        Map<String, Resources> reserved = new TreeMap<>();
        for (Map.Entry<String, ResourceText.Part> e : parts.entrySet()) {
            Resources r = new Resources(e.getValue().scalars(), e.getValue().ports());
            if (Role.DEFAULT_NAME.equals(e.getKey())) {
                unreserved = r;
            } else {
                reserved.put(e.getKey(), r);
            }
        }
        return new AgentResources(unreserved, reserved);
    }

    /** Only unreserved resources. */
    public static AgentResources unreservedOnly(Resources unreserved) {
        return new AgentResources(unreserved, Map.of());
    }

    /** Everything on the agent, all roles together. */
    public Resources total() {
        return sum(unreserved, reserved);
    }

    /** The resources of one role: {@code *} gives the unreserved ones; a role without reservation gives none. */
    public Resources of(String role) {
        return Role.DEFAULT_NAME.equals(role) ? unreserved : reserved.getOrDefault(role, Resources.EMPTY);
    }

    /** Roles holding a reservation here. */
    public Set<String> roles() {
        return reserved.keySet();
    }

    /** What a framework in {@code role} may be offered: unreserved plus reservations of the role and its ancestors. */
    public Resources allocatableTo(Role role) {
        Resources sum = unreserved;
        for (Map.Entry<String, Resources> e : reserved.entrySet()) {
            Role holder = Role.of(e.getKey());
            if (holder.equals(role) || holder.isAncestorOf(role)) {
                sum = sum.plus(e.getValue());
            }
        }
        return sum;
    }

    /** Adds {@code resources} to {@code role} ({@code *} for unreserved). */
    public AgentResources plus(String role, Resources resources) {
        return with(role, of(role).plus(resources));
    }

    /**
     * Removes {@code resources} from {@code role} ({@code *} for unreserved).
     *
     * @throws IllegalArgumentException naming the resource when the role does not hold that much
     */
    public AgentResources minus(String role, Resources resources) {
        return with(role, of(role).minus(resources));
    }

    /** Whether there is nothing at all. */
    @JsonIgnore
    public boolean isEmpty() {
        return unreserved.isEmpty() && reserved.isEmpty();
    }

    /** Mesos text form: reservations by role, then unreserved, e.g. {@code cpus(ads):8;mem(ads):4096;cpus:4}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        // appendTo separates entries with ';' itself
        reserved.forEach((role, r) -> r.appendTo(out, "(" + role + ")"));
        unreserved.appendTo(out, "");
        return out.toString();
    }

    private static Resources sum(Resources unreserved, Map<String, Resources> reserved) {
        Resources sum = unreserved;
        for (Resources r : reserved.values()) {
            sum = sum.plus(r);
        }
        return sum;
    }

    private AgentResources with(String role, Resources replacement) {
        if (Role.DEFAULT_NAME.equals(role)) {
            return new AgentResources(replacement, reserved);
        }
        Role.validate(role);
        Map<String, Resources> next = new TreeMap<>(reserved);
        next.put(role, replacement);
        return new AgentResources(unreserved, next);
    }
}
