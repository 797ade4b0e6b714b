package io.citadel.master.allocator.drf;

import static io.citadel.master.allocator.drf.TestingCluster.f;
import static io.citadel.master.allocator.drf.TestingCluster.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.runtime.model.Resources;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Quota: guarantees are met before fair sharing, headroom is held back for them, limits hold. */
class DrfQuotaTest {

  @Test
  void guaranteeIsMetBeforeFairShare() {
    // Role x has weight 10, so fair sharing alone would favour it; q's guarantee of 6 cpus comes first.
    TestingCluster c = new TestingCluster().agent("s1", "cpus:4;mem:4000").agent("s2", "cpus:4;mem:4000")
        .framework("x", "x").framework("q", "q");
    c.allocator.setWeight("x", 10);
    c.allocator.setQuota("q", RoleQuota.guarantee(Resources.parse("cpus:6")));
    List<Offer> offers = c.allocator.allocate(c.now).offers();
    assertThat(sum(offers, "q", "cpus")).isGreaterThanOrEqualTo(6_000);
    assertThat(sum(offers, null, "cpus")).isEqualTo(8_000);
  }

  @Test
  void headroomForAnUnmetGuaranteeIsHeldBack() {
    // q's framework is suppressed, so q takes nothing now, but 8 of the 12 cpus stay free for it.
    TestingCluster c = new TestingCluster().agent("s1", "cpus:4;mem:4000").agent("s2", "cpus:4;mem:4000")
        .agent("s3", "cpus:4;mem:4000").framework("x", "x").framework("q", "q");
    c.allocator.suppress(f("q"), Set.of());
    c.allocator.setQuota("q", RoleQuota.guarantee(Resources.parse("cpus:8")));
    List<Offer> offers = c.allocator.allocate(c.now).offers();
    assertThat(sum(offers, "x", "cpus")).isEqualTo(4_000);
    assertThat(sum(offers, "x", "mem")).isEqualTo(12_000_000); // mem is not guaranteed to anyone
    c.allocator.revive(f("q"), Set.of());
    assertThat(sum(c.allocator.allocate(c.now + 1).offers(), "q", "cpus")).isEqualTo(8_000);
  }

  @Test
  void limitIsNeverExceeded_acrossRoundsAndRecoveries() {
    TestingCluster c = new TestingCluster().agent("s1", "cpus:4;mem:4000").agent("s2", "cpus:4;mem:4000")
        .framework("x", "x");
    c.allocator.setQuota("x", RoleQuota.limit(Resources.parse("cpus:3")));
    for (int round = 0; round < 20; round++) {
      List<Offer> offers = c.allocator.allocate(c.now).offers();
      assertThat(sum(c.allocator.outstandingOffers().stream().toList(), "x", "cpus")).isLessThanOrEqualTo(3_000);
      if (round == 0) {
        assertThat(sum(offers, "x", "cpus")).isEqualTo(3_000);
        assertThat(sum(offers, "x", "mem")).isEqualTo(8_000_000); // mem has no limit
      }
      for (Offer o : offers) {
        c.allocator.decline(o.id(), 0.0, c.now);
      }
      c.now += 1_000;
    }
  }

  @Test
  void hierarchicalLimit_parentLimitBindsChildren() {
    TestingCluster c = new TestingCluster().agent("s1", "cpus:8;mem:4000").framework("a", "eng/a")
        .framework("b", "eng/b");
    c.allocator.setQuota("eng", RoleQuota.limit(Resources.parse("cpus:2")));
    List<Offer> offers = c.allocator.allocate(c.now).offers();
    assertThat(sum(offers, null, "cpus")).isEqualTo(2_000);
  }

  @Test
  void quotaChangeRescindsOutstandingOffers() {
    TestingCluster c = new TestingCluster().agent("s1", "cpus:4;mem:4000").framework("x", "x");
    Offer o = c.allocator.allocate(c.now).offers().get(0);
    c.allocator.setQuota("q", RoleQuota.guarantee(Resources.parse("cpus:1")));
    AllocationResult next = c.allocator.allocate(c.now + 1);
    assertThat(next.rescinds()).extracting(AllocationResult.Rescind::offer).containsExactly(o);
    assertThat(next.rescinds().get(0).reason()).contains("quota of role 'q' changed");
    assertThat(c.allocator.findOffer(o.id())).isEmpty();
  }

  @Test
  void quotaRefusesPortsAndGuaranteeAboveLimit() {
    assertThatThrownBy(() -> new RoleQuota(Resources.parse("cpus:4"), Resources.parse("cpus:2")))
        .hasMessageContaining("guarantee of cpus");
    assertThatThrownBy(() -> RoleQuota.limit(Resources.parse("ports:[1-2]"))).hasMessageContaining("ports");
  }
}
