package io.citadel.master.allocator.drf;

import static io.citadel.master.allocator.drf.TestingCluster.a;
import static io.citadel.master.allocator.drf.TestingCluster.f;
import static io.citadel.master.allocator.drf.TestingCluster.res;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.Range;
import io.citadel.runtime.model.Resources;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** Hierarchical shares, field cases B03/B06/B07, rescinds, inactive agents, epochs, counters. */
class DrfAllocatorTest {

  @Test
  void hierarchicalShares_parentIncludesChildren() {
    // 10 one-cpu agents; eng/a and eng/b share eng's half, ops gets the other half.
    // Flat DRF over three roles would give ops 3 or 4.
    TestingCluster c = new TestingCluster();
    for (int i = 0; i < 10; i++) {
      c.agent("s" + i, "cpus:1;mem:1000");
    }
    c.framework("ea", "eng/a").framework("eb", "eng/b").framework("o", "ops");
    List<Offer> offers = c.allocator.allocate(c.now).offers();
    assertThat(offers.stream().filter(o -> o.role().equals("ops")).count()).isEqualTo(5);
    assertThat(offers.stream().filter(o -> o.role().equals("eng/a")).count()).isBetween(2L, 3L);
    assertThat(c.allocator.roleShare("eng")).isCloseTo(0.5, within(1e-9));
    assertThat(c.allocator.roleShare("eng")).isCloseTo(
        c.allocator.roleShare("eng/a") + c.allocator.roleShare("eng/b"), within(1e-9));
  }

  @Test
  void B06_noDriftAfterThousandsOfAllocateRecoverCycles() {
    TestingCluster c = new TestingCluster().agent("s1", "cpus:1;mem:1024").framework("x", "x");
    AgentResources task = res("cpus:0.1;mem:100");
    for (int cycle = 0; cycle < 2_000; cycle++) {
      Offer o = c.allocator.allocate(c.now).offers().get(0);
      assertThat(o.resources()).isEqualTo(res("cpus:1;mem:1024"));
      AgentResources ten = AgentResources.EMPTY;
      for (int t = 0; t < 10; t++) {
        ten = Reservations.plus(ten, task);
      }
      c.allocator.accept(o.id(), ten, List.of(), 0.0, c.now);
      assertThat(c.allocator.free(a("s1"))).isEqualTo(res("mem:24")); // exactly 0 cpus left, no 1e-16
      for (int t = 0; t < 10; t++) {
        c.allocator.recoverResources(f("x"), a("s1"), "x", task);
      }
      assertThat(c.allocator.free(a("s1"))).isEqualTo(res("cpus:1;mem:1024"));
      c.now += 1_000;
    }
    assertThat(c.allocator.roleShare("x")).isZero();
  }

  @Test
  void B07_demandLargerThanAnyAgentIsReportedAtOnce_andReevaluatedWhenALargerAgentJoins() {
    TestingCluster c = new TestingCluster().agent("a1", "cpus:72;mem:262144").framework("f1", "r");
    assertThat(c.allocator.addDemand(new Demand(f("f1"), "t1", Resources.parse("cpus:73;mem:1024"))))
        .contains("cpus 73 > largest agent 72");
    assertThat(c.allocator.addDemand(new Demand(f("f1"), "t2", Resources.parse("cpus:1;mem:300000"))))
        .contains("mem 300000 > largest agent 262144");
    AllocationResult r = c.allocator.allocate(c.now);
    assertThat(r.unsatisfiable()).extracting(Demand.Unsatisfiable::reason)
        .containsExactly("cpus 73 > largest agent 72", "mem 300000 > largest agent 262144");
    c.agent("a2", "cpus:96;mem:512000");
    assertThat(c.allocator.allocate(c.now + 1_000).unsatisfiable()).isEmpty();
  }

  @Test
  void B07_noVerdictBeforeAnyAgentHasRegistered() {
    TestingCluster c = new TestingCluster().framework("f1", "r");
    // Right after start-up or a failover no agent is known yet: a small demand is not unsatisfiable.
    assertThat(c.allocator.addDemand(new Demand(f("f1"), "t1", Resources.parse("cpus:0.1;mem:32")))).isEmpty();
    assertThat(c.allocator.allocate(c.now).unsatisfiable()).isEmpty();
    c.agent("a1", "cpus:2;mem:1024");
    assertThat(c.allocator.addDemand(new Demand(f("f1"), "t2", Resources.parse("cpus:3;mem:32"))))
        .contains("cpus 3 > largest agent 2");
  }

  @Test
  void B03_identicalPortRangesOnDifferentAgentsAreNeverMerged() {
    TestingCluster c = new TestingCluster().framework("f1", "r");
    for (int i = 1; i <= 4; i++) {
      c.agent("a" + i, "cpus:1;mem:128;ports:[31000-32000]");
    }
    List<Offer> offers = c.allocator.allocate(c.now).offers();
    assertThat(offers).hasSize(4).allMatch(o -> o.resources().unreserved().ports().equals(List.of(Range.of(31000, 32000))));
    for (Offer o : offers) {
      c.allocator.accept(o.id(), AgentResources.unreservedOnly(new Resources(java.util.Map.of("cpus", 100L),
          List.of(Range.single(31000)))), List.of(), 0.0, c.now);
    }
    for (int i = 1; i <= 4; i++) {
      assertThat(c.allocator.free(a("a" + i)).unreserved().portCount()).isEqualTo(1000);
    }
  }

  @Test
  void removedAndDrainingAgentsRescindTheirOffers_andAreNeverOffered() {
    TestingCluster c = new TestingCluster().agent("s1", "cpus:4;mem:1000").agent("s2", "cpus:4;mem:1000")
        .framework("x", "x");
    List<Offer> offers = c.allocator.allocate(c.now).offers();
    c.allocator.removeAgent(a("s1"));
    AgentInfo s2 = new AgentInfo(a("s2"), "s2.test", res("cpus:4;mem:1000"), null, true, true);
    c.allocator.updateAgent(s2);
    AllocationResult r = c.allocator.allocate(c.now + 1_000);
    assertThat(r.rescinds()).extracting(AllocationResult.Rescind::offer).containsExactlyInAnyOrderElementsOf(offers);
    assertThat(r.rescinds()).extracting(AllocationResult.Rescind::reason)
        .containsExactlyInAnyOrder("agent s1 was removed", "agent s2 is draining");
    assertThat(r.offers()).isEmpty();
    assertThat(c.allocator.counters().rescinds()).isEqualTo(2);
  }

  @Test
  void offersCarryTheEpoch_offerTimeoutRescinds_andCountersCount() {
    DrfSettings s = new DrfSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofDays(365),
        Duration.ofSeconds(30), DrfSettings.DEFAULTS.minAllocatable());
    TestingCluster c = new TestingCluster(s).agent("s1", "cpus:4;mem:1000").framework("x", "x");
    Offer o = c.allocator.allocate(c.now).offers().get(0);
    assertThat(o.epoch()).isEqualTo(7);
    assertThat(o.id().value()).startsWith("offer-7-");
    assertThat(c.allocator.allocate(c.now + 29_999).rescinds()).isEmpty();
    AllocationResult late = c.allocator.allocate(c.now + 30_000);
    assertThat(late.rescinds()).extracting(AllocationResult.Rescind::offer).containsExactly(o);
    assertThat(late.offers()).hasSize(1); // offered again at once
    assertThat(c.allocator.counters().runs()).isEqualTo(3);
    assertThat(c.allocator.counters().offersMade()).isEqualTo(2);
    assertThat(c.allocator.counters().totalRunNanos()).isGreaterThanOrEqualTo(c.allocator.counters().lastRunNanos());
  }

  @Test
  void belowMinimumAllocatableIsNotOffered_andGpuAgentsNeedTheCapability() {
    TestingCluster c = new TestingCluster().agent("tiny", "cpus:0.005;mem:16").agent("gpu", "cpus:4;mem:1000;gpus:1")
        .framework("x", "x");
    assertThat(c.allocator.allocate(c.now).offers()).isEmpty();
    c.allocator.addFramework(new FrameworkInfo(f("g"), java.util.Set.of("g"), null,
        java.util.Set.of(FrameworkInfo.GPU_RESOURCES)));
    assertThat(c.allocator.allocate(c.now + 1).offers()).extracting(Offer::agentId).containsExactly(a("gpu"));
  }

  @Test
  void badInputIsRefusedWithClearErrors() {
    TestingCluster c = new TestingCluster().agent("s1", "cpus:4;mem:1000").framework("x", "x");
    assertThatThrownBy(() -> c.allocator.decline(io.citadel.runtime.model.OfferId.of("offer-7-99"), 1.0, 0))
        .isInstanceOf(NoSuchElementException.class).hasMessageContaining("offer-7-99 is not outstanding");
    assertThatThrownBy(() -> c.allocator.recoverResources(f("x"), a("s1"), "x", res("cpus:1")))
        .hasMessageContaining("cannot recover cpus:1");
    assertThatThrownBy(() -> c.allocator.addFramework(FrameworkInfo.of(f("y"), "bad role")))
        .hasMessageContaining("role 'bad role'");
    assertThatThrownBy(() -> c.allocator.addFramework(FrameworkInfo.of(f("y"), "eng/../x")))
        .hasMessageContaining("'..'");
    assertThatThrownBy(() -> c.allocator.setWeight("x", 0)).hasMessageContaining("positive");
    Offer o = c.allocator.allocate(c.now).offers().get(0);
    assertThatThrownBy(() -> c.allocator.accept(o.id(), res("cpus:5"), List.of(), 1.0, c.now))
        .hasMessageContaining("not within the offer");
    assertThat(c.allocator.findOffer(o.id())).contains(o); // a refused accept changes nothing
  }
}
