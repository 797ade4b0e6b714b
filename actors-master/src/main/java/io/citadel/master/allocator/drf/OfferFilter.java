package io.citadel.master.allocator.drf;

import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.FrameworkId;

/**
 * A decline filter, as in Mesos: until {@code expiresAtMillis}, the framework is not offered, for
 * {@code role}, resources of the agent that are all within {@code resources} (an offer with anything
 * new in it passes). Made by {@link DrfAllocator#decline} and by accepts that leave resources unused.
 * Immutable.
 *
 * @param frameworkId     who declined
 * @param role            for which role
 * @param agentId         on which agent
 * @param resources       what was declined
 * @param expiresAtMillis allocator clock at which the filter stops applying
 */
public record OfferFilter(FrameworkId frameworkId, String role, AgentId agentId, AgentResources resources,
    long expiresAtMillis) {

  /** Whether the filter refuses offering {@code offered} at {@code nowMillis}. */
  boolean refuses(AgentResources offered, long nowMillis) {
    return nowMillis < expiresAtMillis && Reservations.contains(resources, offered);
  }
}
