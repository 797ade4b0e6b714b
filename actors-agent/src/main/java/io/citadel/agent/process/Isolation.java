package io.citadel.agent.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Which isolation the launcher applies on this host, as found by {@link CgroupProbe}.
 *
 * <p>{@code posix} (own session and process group, rlimits) is always on; cgroups come on top when
 * the host lets the agent create a subtree with the memory and cpu controllers. {@code detail} says
 * where the cgroups are, or why they are unavailable, so an operator can fix the host.
 *
 * <p>Immutable.
 *
 * @param kind which mechanism enforces memory and cpu limits
 * @param cgroupParents directories under which per-task cgroups are created: none for {@code POSIX},
 *     one for {@code CGROUPS_V2}, the memory then the cpu hierarchy's for {@code CGROUPS_V1}
 * @param detail human-readable explanation
 */
public record Isolation(Kind kind, List<Path> cgroupParents, String detail) {

    /** The mechanism enforcing memory and cpu limits. */
    public enum Kind {
        /** rlimits and process groups only; memory and cpu limits are not enforced. */
        POSIX,
        /** cgroup v1 memory and cpu hierarchies. */
        CGROUPS_V1,
        /** A cgroup v2 subtree with the memory and cpu controllers enabled. */
        CGROUPS_V2
    }

    public Isolation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        cgroupParents = List.copyOf(cgroupParents);
        int expected = switch (kind) {
            case POSIX -> 0;
            case CGROUPS_V2 -> 1;
            case CGROUPS_V1 -> 2;
        };
        if (cgroupParents.size() != expected) {
            throw new IllegalArgumentException(kind + " needs " + expected + " cgroup parents, got " + cgroupParents);
        }
    }

    /** posix isolation only, with the reason cgroups are not used. */
    public static Isolation posix(String reason) {
        return new Isolation(Kind.POSIX, List.of(), reason);
    }

    public boolean cgroupsActive() {
        return kind != Kind.POSIX;
    }
}
