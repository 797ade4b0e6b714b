package io.citadel.master.allocator.drf;

import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.FrameworkId;
import java.util.Objects;

/**
 * Resources of an agent already in use by a framework for a role (running tasks and executors),
 * reported when an agent (re-)registers so that the allocator's books start right after a failover.
 * Immutable.
 *
 * @param frameworkId the framework using them
 * @param role        the role they are allocated to
 * @param resources   what is in use
 */
public record Allocation(FrameworkId frameworkId, String role, AgentResources resources) {
  /** @throws NullPointerException naming the missing field */
  public Allocation {
    Objects.requireNonNull(frameworkId, "Allocation.frameworkId");
    Objects.requireNonNull(role, "Allocation.role");
    Objects.requireNonNull(resources, "Allocation.resources");
  }
}
