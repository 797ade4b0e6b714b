package io.citadel.master.allocator.drf;

import static io.citadel.master.allocator.drf.TestingCluster.f;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Decline filters on a manual clock, refuse-seconds rules, revive and suppress. */
class DrfFiltersTest {

  @Test
  void refuseSecondsRules() {
    DrfSettings s = DrfSettings.DEFAULTS;
    assertThat(s.filterMillis(null)).isEqualTo(5_000);                  // absent: default 5 s
    assertThat(s.filterMillis(-3.0)).isEqualTo(5_000);                  // negative: default
    assertThat(s.filterMillis(0.2)).isEqualTo(1_000);                   // below the interval: the interval
    assertThat(s.filterMillis(12.5)).isEqualTo(12_500);
    assertThat(s.filterMillis(400.0 * 86_400)).isEqualTo(Duration.ofDays(365).toMillis());
    assertThat(s.filterMillis(Double.POSITIVE_INFINITY)).isEqualTo(Duration.ofDays(365).toMillis());
    assertThatThrownBy(() -> s.filterMillis(Double.NaN)).hasMessageContaining("NaN");
  }

  @Test
  void declinedResourcesComeBackWhenTheFilterExpires() {
    TestingCluster c = new TestingCluster().agent("s1", "cpus:4;mem:1000").framework("x", "x");
    Offer o = c.allocator.allocate(c.now).offers().get(0);
    c.allocator.decline(o.id(), 10.0, c.now);
    assertThat(c.allocator.allocate(c.now + 9_999).offers()).isEmpty();
    assertThat(c.allocator.counters().activeFiltersPerRole()).containsEntry("x", 1);
    assertThat(c.allocator.allocate(c.now + 10_000).offers()).hasSize(1);
    assertThat(c.allocator.counters().activeFiltersPerRole()).isEmpty();
  }

  @Test
  void filterCoversOnlyTheDeclinedResources_somethingNewPasses() {
    TestingCluster c = new TestingCluster().agent("s1", "cpus:4;mem:1000").framework("x", "x");
    Offer o = c.allocator.allocate(c.now).offers().get(0);
    c.allocator.decline(o.id(), 3600.0, c.now);
    assertThat(c.allocator.allocate(c.now + 1_000).offers()).isEmpty();
    // The agent grows (e.g. a resize): its free pool is no longer within what x declined.
    c.allocator.updateAgent(AgentInfo.of(TestingCluster.a("s1"), "s1.test", TestingCluster.res("cpus:8;mem:1000")));
    assertThat(c.allocator.allocate(c.now + 2_000).offers()).extracting(Offer::resources)
        .containsExactly(TestingCluster.res("cpus:8;mem:1000"));
  }

  @Test
  void reviveClearsFiltersAndUnsuppresses() {
    TestingCluster c = new TestingCluster().agent("s1", "cpus:4;mem:1000").framework("x", "x");
    Offer o = c.allocator.allocate(c.now).offers().get(0);
    c.allocator.decline(o.id(), 3600.0, c.now);
    c.allocator.suppress(f("x"), Set.of("x"));
    assertThat(c.allocator.allocate(c.now + 1_000).offers()).isEmpty();
    c.allocator.revive(f("x"), Set.of("x"));
    assertThat(c.allocator.allocate(c.now + 2_000).offers()).hasSize(1);
  }

  @Test
  void suppressStopsOffersForThatRoleOnly() {
    TestingCluster c = new TestingCluster().agent("s1", "cpus:4;mem:1000").agent("s2", "cpus:4;mem:1000");
    c.allocator.addFramework(FrameworkInfo.of(f("x"), "r1", "r2"));
    c.allocator.suppress(f("x"), Set.of("r1"));
    assertThat(c.allocator.allocate(c.now).offers()).hasSize(2).allMatch(o -> o.role().equals("r2"));
  }
}
