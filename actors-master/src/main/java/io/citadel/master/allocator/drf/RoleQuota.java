package io.citadel.master.allocator.drf;

import io.citadel.runtime.model.Resources;
import java.util.Map;

/**
 * A role's quota: a guarantee (resources the allocator sets aside for the role before fair sharing)
 * and a limit (a ceiling its consumption never passes). Consumption is allocated plus reserved, as in
 * Mesos. Scalars only; a scalar absent from the limit is unlimited. Immutable.
 *
 * @param guarantee scalars guaranteed to the role (and its descendants)
 * @param limit     ceiling per scalar; absent means no limit
 */
public record RoleQuota(Resources guarantee, Resources limit) {

  /** No guarantee, no limit. */
  public static final RoleQuota NONE = new RoleQuota(Resources.EMPTY, Resources.EMPTY);

  /** @throws IllegalArgumentException for ports, or a guarantee above its limit, naming the scalar */
  public RoleQuota {
    guarantee = guarantee == null ? Resources.EMPTY : guarantee;
    limit = limit == null ? Resources.EMPTY : limit;
    if (!guarantee.ports().isEmpty() || !limit.ports().isEmpty()) {
      throw new IllegalArgumentException("quota: ports cannot be part of a quota (scalars only)");
    }
    for (Map.Entry<String, Long> e : guarantee.scalars().entrySet()) {
      Long cap = limit.scalars().get(e.getKey());
      if (cap != null && cap < e.getValue()) {
        throw new IllegalArgumentException("quota: guarantee of " + e.getKey() + " (" + e.getValue()
            + " milli) is above its limit (" + cap + " milli)");
      }
    }
  }

  /** Only a guarantee. */
  public static RoleQuota guarantee(Resources guarantee) {
    return new RoleQuota(guarantee, Resources.EMPTY);
  }

  /** Only a limit. */
  public static RoleQuota limit(Resources limit) {
    return new RoleQuota(Resources.EMPTY, limit);
  }
}
