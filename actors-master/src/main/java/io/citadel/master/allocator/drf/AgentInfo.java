package io.citadel.master.allocator.drf;

import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.Attributes;
import java.util.Objects;

/**
 * What the allocator needs to know of one agent, given by the leading master on registration and
 * on every change. Inactive (disconnected, not yet re-registered after failover) and draining agents
 * are kept for the cluster totals but never offered. Immutable.
 *
 * @param id         the agent
 * @param hostname   for logs and offers
 * @param total      everything the agent has: unreserved plus static and dynamic reservations
 * @param attributes placement facts
 * @param active     whether the agent is connected and has reported its tasks
 * @param draining   whether the operator is draining it (maintenance)
 */
public record AgentInfo(AgentId id, String hostname, AgentResources total, Attributes attributes,
    boolean active, boolean draining) {

  /** @throws NullPointerException naming the missing field */
  public AgentInfo {
    Objects.requireNonNull(id, "AgentInfo.id");
    Objects.requireNonNull(hostname, "AgentInfo.hostname");
    Objects.requireNonNull(total, "AgentInfo.total");
    attributes = attributes == null ? Attributes.EMPTY : attributes;
  }

  /** An active, not draining agent. */
  public static AgentInfo of(AgentId id, String hostname, AgentResources total) {
    return new AgentInfo(id, hostname, total, Attributes.EMPTY, true, false);
  }

  /** Whether the allocator may offer this agent's resources. */
  public boolean offerable() {
    return active && !draining;
  }
}
