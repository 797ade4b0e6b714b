package io.citadel.master.allocator.drf;

import static io.citadel.master.allocator.drf.TestingCluster.a;
import static io.citadel.master.allocator.drf.TestingCluster.res;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.Resources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Static and dynamic reservations: offered only to their role and its descendants. */
class DrfReservationTest {

  @Test
  void staticReservationGoesOnlyToItsRole() {
    TestingCluster c = new TestingCluster().agent("s1", "cpus(ads):2;mem(ads):1000;cpus:2;mem:1000")
        .framework("web", "web").framework("ads", "ads");
    List<Offer> offers = c.allocator.allocate(c.now).offers();
    for (Offer o : offers) {
      if (o.role().equals("web")) {
        assertThat(o.resources().reserved()).isEmpty();
      }
    }
    Offer ads = offers.stream().filter(o -> o.role().equals("ads")).findFirst().orElseThrow();
    assertThat(ads.resources().of("ads")).isEqualTo(Resources.parse("cpus:2;mem:1000"));
  }

  @Test
  void reservationOfParentIsUsableByChild_notTheOtherWay() {
    TestingCluster c = new TestingCluster().agent("s1", "cpus(eng):2;cpus(eng/web):1;mem:100")
        .framework("web", "eng/web");
    Offer o = c.allocator.allocate(c.now).offers().get(0);
    assertThat(o.resources().reserved()).containsOnlyKeys("eng", "eng/web");
    TestingCluster p = new TestingCluster().agent("s1", "cpus(eng/web):1;mem:100").framework("eng", "eng");
    Offer po = p.allocator.allocate(p.now).offers().get(0);
    assertThat(po.resources().reserved()).isEmpty();
    assertThat(p.allocator.free(a("s1")).of("eng/web")).isEqualTo(Resources.parse("cpus:1"));
  }

  @Test
  void reserveInsideAcceptKeepsPrincipalAndLabels_andUnreserveReturnsToPool() {
    TestingCluster c = new TestingCluster().agent("s1", "cpus:4;mem:1000").framework("ads", "ads")
        .framework("web", "web");
    c.allocator.suppress(TestingCluster.f("web"), java.util.Set.of());
    Offer o = c.allocator.allocate(c.now).offers().get(0);
    Operation.Reserve reserve = new Operation.Reserve("ads", Resources.parse("cpus:1"), "ads-principal",
        Map.of("team", "ads"));
    c.allocator.accept(o.id(), AgentResources.EMPTY, List.of(reserve), 0.0, c.now);
    assertThat(c.allocator.agentTotal(a("s1"))).isEqualTo(res("cpus(ads):1;cpus:3;mem:1000"));
    assertThat(c.allocator.reservations(a("s1"))).containsExactly(
        new ReservationInfo("ads", Resources.parse("cpus:1"), "ads-principal", Map.of("team", "ads")));
    // Now only web may take the unreserved part; the reservation is never offered to it.
    c.allocator.suppress(TestingCluster.f("ads"), java.util.Set.of());
    c.allocator.revive(TestingCluster.f("web"), java.util.Set.of());
    Offer w = c.allocator.allocate(c.now + 5_000).offers().get(0);
    assertThat(w.role()).isEqualTo("web");
    assertThat(w.resources()).isEqualTo(res("cpus:3;mem:1000"));
    c.allocator.decline(w.id(), 3600.0, c.now + 5_000);
    c.allocator.unreserve(a("s1"), new Operation.Unreserve("ads", Resources.parse("cpus:1"), "ads-principal"));
    assertThat(c.allocator.reservations(a("s1"))).isEmpty();
    assertThat(c.allocator.free(a("s1"))).isEqualTo(res("cpus:4;mem:1000")); // the declined rest is back too
  }

  @Test
  void staticReservationCannotBeUnreserved_andReserveBeyondFreeIsRefused() {
    TestingCluster c = new TestingCluster().agent("s1", "cpus(ads):2;cpus:1");
    assertThatThrownBy(() -> c.allocator.unreserve(a("s1"),
        new Operation.Unreserve("ads", Resources.parse("cpus:1"), "p")))
        .hasMessageContaining("only dynamic reservations can be unreserved");
    assertThatThrownBy(() -> c.allocator.reserve(a("s1"),
        new Operation.Reserve("ads", Resources.parse("cpus:2"), "p", Map.of())))
        .hasMessageContaining("cannot reserve cpus:2");
    assertThat(c.allocator.agentTotal(a("s1"))).isEqualTo(res("cpus(ads):2;cpus:1"));
  }

  @Test
  void reservedResourcesCountTowardsTheRolesQuota() {
    // ads holds 2 reserved cpus and a guarantee of 2: the guarantee is met, nothing else is held back.
    TestingCluster c = new TestingCluster().agent("s1", "cpus(ads):2;cpus:4;mem:100").framework("web", "web")
        .framework("ads", "ads");
    c.allocator.suppress(TestingCluster.f("ads"), java.util.Set.of());
    c.allocator.setQuota("ads", RoleQuota.guarantee(Resources.parse("cpus:2")));
    Offer o = c.allocator.allocate(c.now).offers().get(0);
    assertThat(o.resources()).isEqualTo(res("cpus:4;mem:100"));
  }
}
