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
        release(offer, OfferBook.Gone.DECLINED);
      }
      return;
    }
    AgentEntry agent = s.agents.get(valid.get(0).agentId());
    Resources available = Resources.EMPTY;
    for (var offer : valid) {
      s.offers.remove(offer.id(), OfferBook.Gone.USED);
      available = available.plus(offer.resources());
      if (agent != null) {
        agent.offered = agent.offered.minus(offer.resources());
      }
    }
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
      agent.used = agent.used.plus(launch.resources());
      s.tasks.put(launch.taskId(), new TaskEntry(launch.taskId(), fw.id, agent.id, launch.resources(), TaskState.STAGING,
          s.deps.clock().millis()));
      s.deps.metrics().taskLaunched();
      agent.send(new AgentProtocol.RunTask(s.epoch, fw.id, fw.principal, launch));
    }
    if (agent != null) {
      s.agentChanged(agent);
      if (!available.isEmpty()) {
        filter(fw, agent, m.refuseSeconds());
      }
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
    if (existing != null) {
      return "duplicate task id [" + launch.taskId().value() + "]: ids of finished tasks are not reused until acknowledged";
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
        release(offer.get(), OfferBook.Gone.DECLINED);
        AgentEntry agent = s.agents.get(offer.get().agentId());
        if (agent != null) {
          filter(fw, agent, refuseSeconds);
        }
      }
    }
  }

  private void release(FrameworkProtocol.Offer offer, OfferBook.Gone why) {
    s.offers.remove(offer.id(), why);
    AgentEntry agent = s.agents.get(offer.agentId());
    if (agent != null) {
      agent.offered = agent.offered.minus(offer.resources());
      s.agentChanged(agent);
    }
  }

  /** Mesos semantics: a negative or non-finite refusal means the default; at most 365 days. */
  private void filter(FrameworkEntry fw, AgentEntry agent, double refuseSeconds) {
    double seconds = (!Double.isFinite(refuseSeconds) || refuseSeconds < 0)
        ? s.deps.settings().defaultRefuse().toMillis() / 1000.0
        : Math.min(refuseSeconds, 365.0 * 24 * 3600);
    long millis = Math.max((long) (seconds * 1000), s.deps.settings().allocationInterval().toMillis());
    s.deps.allocator().tell(new AllocatorProtocol.Filter(s.epoch, fw.id, agent.id, s.deps.clock().millis() + millis));
  }
}
