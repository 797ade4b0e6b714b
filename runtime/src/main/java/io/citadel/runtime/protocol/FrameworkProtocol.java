package io.citadel.runtime.protocol;

import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.Attributes;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.OfferId;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.model.TaskId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The boundary between a framework (through its session) and the leading master, after Mesos's
 * scheduler API: {@link Subscribe}, then offers arrive and are accepted with task launches or declined
 * with a refuse duration; status updates arrive and are acknowledged.
 */
public final class FrameworkProtocol {
  private FrameworkProtocol() {}

  /** Calls a framework makes through its session. */
  public sealed interface Call extends GatewayProtocol.SessionCommand
      permits Subscribe, Accept, Decline, Kill, Acknowledge, Revive, Suppress, Reconcile, Teardown, Request {}

  /**
   * What a framework says about itself. {@code principal} is the principal it declares, which may be
   * empty; the master authorises on the authenticated principal only and refuses a subscription whose
   * non-empty declared principal differs from it (field case B28).
   */
  public record FrameworkInfo(String name, List<String> roles, String principal, String user,
      long failoverTimeoutMillis) {
    public FrameworkInfo {
      Objects.requireNonNull(name, "name");
      roles = List.copyOf(Objects.requireNonNull(roles, "roles"));
      principal = principal == null ? "" : principal;
      user = user == null ? "" : user;
    }
  }

  /** Register, or re-register under {@code frameworkId} after a failover (null for a new framework). */
  public record Subscribe(FrameworkInfo info, FrameworkId frameworkId) implements Call {}

  /** A URI to fetch into the sandbox, with the SHA-256 the fetched bytes must have. */
  public record UriInfo(String uri, String sha256, boolean executable) {}

  /** A shell command to run, with its environment and artifacts. */
  public record CommandInfo(String shell, Map<String, String> environment, List<UriInfo> uris) {
    public CommandInfo {
      Objects.requireNonNull(shell, "shell");
      environment = Map.copyOf(environment == null ? Map.of() : environment);
      uris = List.copyOf(uris == null ? List.of() : uris);
    }

    public static CommandInfo shell(String command) {
      return new CommandInfo(command, Map.of(), List.of());
    }
  }

  /** One task to launch from accepted offers. */
  public record TaskLaunch(TaskId taskId, String name, Resources resources, CommandInfo command) {
    public TaskLaunch {
      Objects.requireNonNull(taskId, "taskId");
      Objects.requireNonNull(resources, "resources");
      Objects.requireNonNull(command, "command");
      name = name == null ? taskId.value() : name;
    }
  }

  /** Use the offers for these launches; what is left over is declined for {@code refuseSeconds}. */
  public record Accept(List<OfferId> offerIds, List<TaskLaunch> launches, double refuseSeconds) implements Call {
    public Accept {
      offerIds = List.copyOf(offerIds);
      launches = List.copyOf(launches);
    }
  }

  /** Decline the offers; their resources are not offered again to this framework for refuseSeconds. */
  public record Decline(List<OfferId> offerIds, double refuseSeconds) implements Call {
    public Decline {
      offerIds = List.copyOf(offerIds);
    }
  }

  public record Kill(TaskId taskId) implements Call {}

  public record Acknowledge(AgentId agentId, TaskId taskId, String updateId) implements Call {}

  public record Revive(List<String> roles) implements Call {}

  public record Suppress(List<String> roles) implements Call {}

  /** Ask for the latest status of these tasks (all of the framework's tasks when empty). */
  public record Reconcile(List<TaskId> taskIds) implements Call {}

  /** Unregister: kill all tasks and forget the framework. */
  public record Teardown() implements Call {}

  /**
   * Tells the allocator what a pending task will need ({@code name}, usually the task id), so that a
   * demand no agent could ever hold is reported at once with a reason (field case B07) instead of
   * churning offers. Withdrawn when a task of that id is launched.
   */
  public record Request(String name, Resources resources) implements Call {}

  /** Events the master sends a framework. */
  public sealed interface Event extends GatewayProtocol.ClientMessage
      permits Subscribed, Offers, Rescinded, Update, Error {}

  public record Subscribed(FrameworkId frameworkId, long masterEpoch) implements Event {}

  /** Resources of one agent offered to one framework for one role. */
  public record Offer(OfferId id, FrameworkId frameworkId, AgentId agentId, String hostname, String role,
      Resources resources, Attributes attributes, long allocatorEpoch) {}

  public record Offers(List<Offer> offers) implements Event {
    public Offers {
      offers = List.copyOf(offers);
    }
  }

  public record Rescinded(OfferId offerId, String reason) implements Event {}

  public record Update(TaskStatus status) implements Event {}

  /**
   * A refused call or a fatal condition. {@code code} is stable for programs to branch on, e.g.
   * {@code PRINCIPAL_MISMATCH}, {@code INVALID_CALL}, {@code NOT_SUBSCRIBED}, {@code UNAUTHORIZED}.
   */
  public record Error(String code, String message) implements Event {}
}
