package io.citadel.master.allocator.drf;

import io.citadel.runtime.model.Resources;
import io.citadel.runtime.model.Role;
import java.util.Map;
import java.util.Objects;

/**
 * A reservation operation, applied through the allocator either inside an accept (on offered
 * resources) or by an operator (on free resources). The principal and labels are kept with the
 * reservation, as Mesos keeps them in {@code ReservationInfo}. Immutable.
 */
public sealed interface Operation permits Operation.Reserve, Operation.Unreserve {

  /** The role the operation is about. */
  String role();

  /** The resources it moves. */
  Resources resources();

  /** Who asked (authenticated principal); kept for audit and for unreserve checks. */
  String principal();

  /** Turn unreserved resources into a dynamic reservation for {@code role}. */
  record Reserve(String role, Resources resources, String principal, Map<String, String> labels) implements Operation {
    /** @throws IllegalArgumentException for the default role, empty resources or a bad role name */
    public Reserve {
      check(role, resources, principal);
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
  }

  /** Give a dynamic reservation of {@code role} back to the unreserved pool. */
  record Unreserve(String role, Resources resources, String principal) implements Operation {
    /** @throws IllegalArgumentException for the default role, empty resources or a bad role name */
    public Unreserve {
      check(role, resources, principal);
    }
  }

  private static void check(String role, Resources resources, String principal) {
    Role.validate(role);
    if (Role.DEFAULT_NAME.equals(role)) {
      throw new IllegalArgumentException("reservation: role must not be '*'");
    }
    Objects.requireNonNull(principal, "reservation.principal");
    if (resources == null || resources.isEmpty()) {
      throw new IllegalArgumentException("reservation for role '" + role + "': resources must not be empty");
    }
  }
}
