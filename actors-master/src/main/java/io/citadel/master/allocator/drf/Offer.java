package io.citadel.master.allocator.drf;

import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.OfferId;

/**
 * One offer decided by the allocator: resources of one agent, to one framework, for one role,
 * split into unreserved and reserved parts so that accepting and recovering can put each part back
 * where it came from. Carries the allocator epoch so that agents and the leader can refuse offers
 * of a deposed allocator. Immutable.
 *
 * @param id          unique, never reused ({@code offer-<epoch>-<n>})
 * @param epoch       the allocator epoch that made it
 * @param frameworkId the framework
 * @param agentId     the agent
 * @param role        the role the resources are allocated to
 * @param resources   what is offered
 * @param madeAtMillis the allocator clock when it was made (for the offer timeout)
 */
public record Offer(OfferId id, long epoch, FrameworkId frameworkId, AgentId agentId, String role,
    AgentResources resources, long madeAtMillis) {}
