package io.citadel.master.leader;

import io.citadel.master.allocator.AllocatorProtocol;
import io.citadel.runtime.model.OfferId;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.model.TaskStatusReason;
import io.citadel.runtime.protocol.AgentProtocol;
import io.citadel.runtime.protocol.FrameworkProtocol;
import io.citadel.runtime.protocol.FrameworkProtocol.TaskLaunch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Accepting and declining offers.
 *
 * <p>An accept is checked as a whole first: every offer must be outstanding, this framework's, listed
 * once, and all on one agent. If any is not, nothing is launched, every launch gets a terminal
 * DROPPED status whose reason says why (used / duplicate, or rescinded — field cases B01, B08), and
 * the valid offers' resources go back. Then each launch is checked on its own — resources valid for a
 * task (B04), a task id not live anywhere (B02), fitting what is left — and the rest is declined.
 * Owned by {@link LeaderState}; not thread-safe.
 */
final class AcceptHandler {
  private final LeaderState s;

  AcceptHandler(LeaderState state) {
    this.s = state;
  }

  void onAccept(FrameworkEntry fw, FrameworkProtocol.Accept m, String requestId) {
    String refusal = null;
    TaskStatusReason reason = TaskStatusReason.INVALID_OFFER;
    Set<OfferId> seen = new HashSet<>();
    List<FrameworkProtocol.Offer> valid = new ArrayList<>();
    if (m.offerIds().isEmpty()) {
      refusal = "accept names no offer";
    }
    for (OfferId id : m.offerIds()) {
      var offer = s.offers.get(id);
      if (!seen.add(id)) {
        refusal = "offer [" + id.value() + "] listed twice in one accept";
      } else if (offer.isEmpty()) {
        var gone = s.offers.whyGone(id);
        if (gone.isPresent() && gone.get() == OfferBook.Gone.RESCINDED) {
          reason = TaskStatusReason.OFFER_RESCINDED;
          refusal = "offer [" + id.value() + "] was rescinded";
        } else {
          refusal = "offer [" + id.value() + "] is " + gone.map(g -> "already " + g.name().toLowerCase()).orElse("unknown");
        }
      } else if (!offer.get().frameworkId().equals(fw.id)) {
        refusal = "offer [" + id.value() + "] was made to another framework";
      } else if (!valid.isEmpty() && !valid.get(0).agentId().equals(offer.get().agentId())) {
        refusal = "offers of one accept must all be on one agent";
      } else {
        valid.add(offer.get());
      }
    }
    if (refusal != null) {
      s.deps.metrics().acceptRefused();
      s.log.warn("Refusing accept of framework [{}]: {}", fw.id.value(), refusal);
      for (TaskLaunch launch : m.launches()) {
        s.masterStatus(fw, launch.taskId(), null, TaskState.DROPPED, reason, refusal);
      }
      for (var offer : valid) {
        s.offers.remove(offer.id(), OfferBook.Gone.DECLINED);
        unbook(offer);
        s.deps.allocator().tell(new AllocatorProtocol.OfferWithdrawn(s.epoch, offer.id()));
      }
      return;
    }
    AgentEntry agent = s.agents.get(valid.get(0).agentId());
    Resources available = Resources.EMPTY;
    for (var offer : valid) {
      s.offers.remove(offer.id(), OfferBook.Gone.USED);
      available = available.plus(offer.resources());
      unbook(offer);
    }
    Resources usedTotal = Resources.EMPTY;
    Set<TaskId> inThisAccept = new HashSet<>();
    for (TaskLaunch launch : m.launches()) {
      String problem = checkLaunch(launch, available, inThisAccept, agent);
      String refused = problem == null ? s.enforcement.runTask(fw, launch, requestId) : null;
      if (refused != null) {
        s.masterStatus(fw, launch.taskId(), agent.id, TaskState.ERROR, TaskStatusReason.UNAUTHORIZED, refused);
        continue;
      }
      if (problem != null) {
        TaskStatusReason why = problem.startsWith("duplicate") ? TaskStatusReason.DUPLICATE_TASK_ID
            : problem.startsWith("agent") ? TaskStatusReason.AGENT_REMOVED : TaskStatusReason.INVALID_RESOURCES;
        s.masterStatus(fw, launch.taskId(), agent == null ? null : agent.id, TaskState.ERROR, why, problem);
        continue;
      }
      inThisAccept.add(launch.taskId());
      available = available.minus(launch.resources());
      usedTotal = usedTotal.plus(launch.resources());
      agent.used = agent.used.plus(launch.resources());
      s.tasks.put(launch.taskId(), new TaskEntry(launch.taskId(), fw.id, agent.id, launch.resources(), valid.get(0).role(),
          TaskState.STAGING));
      s.deps.metrics().taskLaunched();
      s.deps.allocator().tell(new AllocatorProtocol.RemoveDemand(s.epoch, fw.id, launch.taskId().value()));
      agent.send(new AgentProtocol.RunTask(s.epoch, fw.id, fw.principal, launch));
    }
    // Tell the allocator, offer by offer, what was used; the rest of each offer is declined.
    for (var offer : valid) {
      Resources part = portionOf(offer.resources(), usedTotal);
      usedTotal = usedTotal.minus(part);
      s.deps.allocator().tell(new AllocatorProtocol.OfferUsed(s.epoch, offer.id(), part, refuse(m.refuseSeconds())));
    }
  }

  /** The part of {@code need} that {@code offer} can hold: scalars up to the offer's, ports if all fit. */
  static Resources portionOf(Resources offer, Resources need) {
    Resources part = Resources.EMPTY;
    for (var e : need.scalars().entrySet()) {
      long take = Math.min(e.getValue(), offer.scalar(e.getKey()));
      if (take > 0) {
        part = part.plus(Resources.ofScalar(e.getKey(), take));
      }
    }
    if (!need.ports().isEmpty()) {
      Resources ports = Resources.ofPorts(need.ports().toArray(new io.citadel.runtime.model.Range[0]));
      if (offer.contains(ports)) {
        part = part.plus(ports);
      }
    }
    return part;
  }

  private void unbook(FrameworkProtocol.Offer offer) {
    AgentEntry agent = s.agents.get(offer.agentId());
    if (agent != null) {
      agent.offered = agent.offered.minus(offer.resources());
    }
  }

  private String checkLaunch(TaskLaunch launch, Resources available, Set<TaskId> inThisAccept, AgentEntry agent) {
    if (agent == null || agent.bridge == null) {
      return "agent of the offer is gone";
    }
    try {
      launch.resources().validateForTask();
    } catch (IllegalArgumentException e) {
      return "invalid resources for task [" + launch.taskId().value() + "]: " + e.getMessage();
    }
    TaskEntry existing = s.tasks.get(launch.taskId());
    if (inThisAccept.contains(launch.taskId()) || (existing != null && !existing.state.isTerminal())) {
      return "duplicate task id [" + launch.taskId().value() + "]: a task with this id is live";
    }
    if (existing != null || s.completedTasks.containsKey(launch.taskId())) {
      return "duplicate task id [" + launch.taskId().value() + "]: the id of a finished task is never reused";
    }
    if (!available.contains(launch.resources())) {
      return "task [" + launch.taskId().value() + "] needs [" + launch.resources() + "] but the offers hold [" + available + "]";
    }
    return null;
  }

  void onDecline(FrameworkEntry fw, List<OfferId> offerIds, double refuseSeconds) {
    for (OfferId id : offerIds) {
      var offer = s.offers.get(id);
      if (offer.isPresent() && offer.get().frameworkId().equals(fw.id)) {
        s.offers.remove(id, OfferBook.Gone.DECLINED);
        unbook(offer.get());
        s.deps.allocator().tell(new AllocatorProtocol.OfferDeclined(s.epoch, id, refuse(refuseSeconds)));
      }
    }
  }

  /**
   * Mesos semantics: a negative or non-finite refusal means the default; the allocator caps it at 365
   * days and applies at least one allocation interval.
   */
  private double refuse(double refuseSeconds) {
    return (!Double.isFinite(refuseSeconds) || refuseSeconds < 0)
        ? s.deps.settings().defaultRefuse().toMillis() / 1000.0 : refuseSeconds;
  }
}
