package io.citadel.master.allocator;

import io.citadel.master.allocator.AllocatorProtocol.AgentView;
import io.citadel.master.allocator.AllocatorProtocol.FrameworkView;
import io.citadel.master.allocator.drf.Allocation;
import io.citadel.master.allocator.drf.AgentInfo;
import io.citadel.master.allocator.drf.DrfAllocator;
import io.citadel.master.allocator.drf.FrameworkInfo;
import io.citadel.master.allocator.drf.Offer;
import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.Resources;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Translates the leader's view (agents, frameworks, offers, tasks in {@link AllocatorProtocol}) into
 * calls on a {@link DrfAllocator}. Keeps the translation in one place so the actor only routes.
 *
 * <p>Frameworks that an agent reports tasks for but that have not (re-)subscribed yet — normal right
 * after a failover — are added as placeholders with every role suppressed, so the resources count
 * against them without anything being offered to them. Not thread-safe; owned by the allocator actor.
 */
final class DrfMirror {
  private final DrfAllocator drf;
  private final java.util.Map<io.citadel.runtime.model.AgentId, AgentResources> totals = new java.util.HashMap<>();

  DrfMirror(DrfAllocator drf) {
    this.drf = drf;
  }

  DrfAllocator allocator() {
    return drf;
  }

  void framework(FrameworkView f) {
    Set<String> roles = new LinkedHashSet<>(f.roles());
    Set<String> suppressed = new LinkedHashSet<>(f.active() ? f.suppressedRoles() : f.roles());
    suppressed.retainAll(roles);
    FrameworkInfo info = new FrameworkInfo(f.frameworkId(), roles, suppressed, Set.of());
    if (drf.hasFramework(f.frameworkId())) {
      drf.updateFramework(info);
    } else {
      drf.addFramework(info);
    }
  }

  void agent(AgentView a) {
    List<Allocation> used = new ArrayList<>();
    for (AllocatorProtocol.Used u : a.used()) {
      placeholder(u.frameworkId(), u.role());
      used.add(new Allocation(u.frameworkId(), u.role(), split(a.total(), u.role(), u.resources())));
    }
    drf.addAgent(info(a), used);
    totals.put(a.agentId(), a.total());
  }

  /** A task's resources came back; split as they were when the task was placed. */
  void recover(FrameworkId fw, io.citadel.runtime.model.AgentId agent, String role, Resources resources) {
    AgentResources total = totals.get(agent);
    if (total == null) {
      throw new java.util.NoSuchElementException("unknown agent " + agent);
    }
    drf.recoverResources(fw, agent, role, split(total, role, resources));
  }

  void agentUpdated(AgentView a) {
    drf.updateAgent(info(a));
  }

  private static AgentInfo info(AgentView a) {
    return new AgentInfo(a.agentId(), a.hostname(), a.total(), a.attributes(), a.active(), false);
  }

  private void placeholder(FrameworkId id, String role) {
    if (!drf.hasFramework(id)) {
      drf.addFramework(new FrameworkInfo(id, Set.of(role), Set.of(role), Set.of()));
    }
  }

  /**
   * Splits resources in use into the reserved part (for {@code role}) and the unreserved rest, taking
   * from the role's reservation first, as Mesos does when a task runs on reserved resources.
   */
  static AgentResources split(AgentResources available, String role, Resources used) {
    Resources reserved = available.reserved().getOrDefault(role, Resources.EMPTY);
    if (reserved.isEmpty()) {
      return AgentResources.unreservedOnly(used);
    }
    if (reserved.contains(used)) {
      return AgentResources.EMPTY.plus(role, used);
    }
    if (available.unreserved().contains(used)) {
      return AgentResources.unreservedOnly(used);
    }
    // Both parts are needed: scalars from the reservation up to what it holds, the rest unreserved.
    Resources fromReserved = Resources.EMPTY;
    for (var e : used.scalars().entrySet()) {
      long take = Math.min(e.getValue(), reserved.scalar(e.getKey()));
      if (take > 0) {
        fromReserved = fromReserved.plus(Resources.ofScalar(e.getKey(), take));
      }
    }
    Resources rest = used.scalarsOnly().minus(fromReserved);
    if (!used.ports().isEmpty()) {
      rest = rest.plus(Resources.ofPorts(used.ports().toArray(new io.citadel.runtime.model.Range[0])));
    }
    return AgentResources.unreservedOnly(rest).plus(role, fromReserved);
  }

  /** The resources of a DRF offer as the wire shows them (reserved and unreserved together). */
  static Resources flat(Offer offer) {
    return offer.resources().total();
  }
}
