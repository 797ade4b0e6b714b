package io.citadel.master.allocator.drf;

import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.Resources;
import java.util.Objects;

/**
 * Something a framework waits for (a pending task's resources), told to the allocator so that a
 * demand no agent could ever hold is reported at once instead of churning offers (B07). Immutable.
 *
 * @param frameworkId who waits
 * @param name        the framework's key for it, e.g. the task id
 * @param resources   what one placement needs
 */
public record Demand(FrameworkId frameworkId, String name, Resources resources) {
  /** @throws NullPointerException naming the missing field */
  public Demand {
    Objects.requireNonNull(frameworkId, "Demand.frameworkId");
    Objects.requireNonNull(name, "Demand.name");
    Objects.requireNonNull(resources, "Demand.resources");
  }

  /** A demand that cannot be met, and why ({@code "cpus 73 > largest agent 72"}). */
  public record Unsatisfiable(Demand demand, String reason) {}
}
