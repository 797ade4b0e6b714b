package io.citadel.master.allocator.drf;

import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.Role;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A framework as the allocator sees it: the roles it subscribed to, the roles it suppressed
 * (no offers wanted) and its capabilities (Mesos names, e.g. {@code GPU_RESOURCES}: only frameworks
 * with it are offered agents that have gpus). Immutable; role names are validated as Mesos does.
 *
 * @param id              the framework
 * @param roles           subscribed roles, at least one
 * @param suppressedRoles a subset of {@code roles}
 * @param capabilities    capability names
 */
public record FrameworkInfo(FrameworkId id, Set<String> roles, Set<String> suppressedRoles, Set<String> capabilities) {

  /** Capability that makes a framework eligible for agents with gpus. */
  public static final String GPU_RESOURCES = "GPU_RESOURCES";

  /**
   * @throws IllegalArgumentException naming the bad role, or a suppressed role that is not subscribed
   */
  public FrameworkInfo {
    Objects.requireNonNull(id, "FrameworkInfo.id");
    if (roles == null || roles.isEmpty()) {
      throw new IllegalArgumentException("framework " + id + ": roles must not be empty");
    }
    roles.forEach(Role::validate);
    suppressedRoles = suppressedRoles == null ? Set.of() : suppressedRoles;
    for (String r : suppressedRoles) {
      if (!roles.contains(r)) {
        throw new IllegalArgumentException("framework " + id + ": suppressed role '" + r + "' is not one of its roles "
            + roles);
      }
    }
    roles = Set.copyOf(new TreeSet<>(roles));
    suppressedRoles = Set.copyOf(suppressedRoles);
    capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
  }

  /** A framework in the given roles, none suppressed, no capabilities. */
  public static FrameworkInfo of(FrameworkId id, String... roles) {
    return new FrameworkInfo(id, new TreeSet<>(java.util.Arrays.asList(roles)), Set.of(), Set.of());
  }
}
