package io.citadel.master.allocator.drf;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.Range;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.model.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded random clusters and random event sequences (accept parts, decline, recover, suppress,
 * revive, drain, remove, quota limits), checking after every step that the books balance: no agent
 * over-allocated, no resource in two outstanding offers, limits held. A failing seed is printed in
 * the assertion message so it can be replayed.
 */
class DrfPropertyTest {
  private static final List<String> ROLES = List.of("a", "b", "eng", "eng/web", "eng/db", "ops");

  @Test
  void randomClusters_booksBalance_noDoubleOffer_limitsHold() {
    for (long seed = 0; seed < 40; seed++) {
      Random rnd = new Random(seed);
      TestingCluster c = randomCluster(rnd, 5 + rnd.nextInt(20), 2 + rnd.nextInt(8), true);
      // Limits only on roles without reservations (a, ops), so consumption is allocation alone.
      c.allocator.setQuota("a", RoleQuota.limit(Resources.parse("cpus:" + (1 + rnd.nextInt(20)))));
      c.allocator.setQuota("ops", new RoleQuota(Resources.parse("cpus:2"), Resources.parse("cpus:6;mem:9000")));
      for (int step = 0; step < 150; step++) {
        randomEvent(rnd, c);
        String where = "seed " + seed + " step " + step;
        checkBooks(c.allocator, where);
        assertThat(allocatedUnreserved(c.allocator, "a", "cpus")).as(where).isLessThanOrEqualTo(
            c.allocator.roles.find("a").quota.limit().scalar("cpus"));
        assertThat(allocatedUnreserved(c.allocator, "ops", "mem")).as(where).isLessThanOrEqualTo(9_000_000);
      }
      assertThat(c.allocator.counters().offersMade()).as("seed %d made offers", seed).isGreaterThan(10);
    }
  }

  @Test
  void workConserving_everyFreeUnfilteredResourceIsOfferedWithinOneRound() {
    for (long seed = 100; seed < 140; seed++) {
      Random rnd = new Random(seed);
      TestingCluster c = randomCluster(rnd, 5 + rnd.nextInt(30), 1 + rnd.nextInt(6), false);
      c.allocator.allocate(c.now);
      for (AgentState ag : c.allocator.agents.values()) {
        for (FrameworkState fw : c.allocator.frameworks.values()) {
          for (String role : fw.info.roles()) {
            Resources usable = ag.free.unreserved();
            for (Resources r : Reservations.usableBy(ag.free, Role.of(role)).values()) {
              usable = usable.plus(r);
            }
            assertThat(usable.scalar("cpus") >= 10 || usable.scalar("mem") >= 32_000)
                .as("seed %d: agent %s still has %s usable by %s", seed, ag.info.id(), usable, role).isFalse();
          }
        }
      }
      checkBooks(c.allocator, "seed " + seed);
    }
  }

  @Test
  void noFrameworkStarves_acrossAThousandFrameworks() {
    TestingCluster c = new TestingCluster();
    for (int i = 0; i < 100; i++) {
      c.agent("s" + i, "cpus:32;mem:32000");
    }
    for (int i = 0; i < 1_000; i++) {
      c.scheduler(String.format("fw%04d", i), String.format("role%04d", i), "cpus:1;mem:1000");
    }
    int rounds = 0;
    while (c.tasks.values().stream().anyMatch(n -> n == 0) && rounds < 30) {
      c.step();
      rounds++;
    }
    assertThat(c.tasks.values()).as("every framework got a task within %d rounds", rounds).allMatch(n -> n >= 1);
    c.runUntilQuiet(3, 200);
    // 3,200 cpus over 1,000 equal frameworks: each ends with 3 or 4 tasks.
    assertThat(c.tasks.values()).allMatch(n -> n == 3 || n == 4);
    assertThat(c.tasks.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(3_200);
  }

  // ---- generators and checks ----------------------------------------------------------------

  private static TestingCluster randomCluster(Random rnd, int agents, int frameworks, boolean ports) {
    TestingCluster c = new TestingCluster();
    for (int i = 0; i < agents; i++) {
      StringBuilder r = new StringBuilder("cpus:" + (1 + rnd.nextInt(16)) + "." + rnd.nextInt(10)
          + ";mem:" + (256 + rnd.nextInt(16_000)));
      if (rnd.nextInt(3) == 0) {
        String role = List.of("b", "eng", "eng/web").get(rnd.nextInt(3));
        r.append(";cpus(").append(role).append("):").append(1 + rnd.nextInt(4))
            .append(";mem(").append(role).append("):").append(100 + rnd.nextInt(2000));
      }
      if (ports) {
        r.append(";ports:[31000-").append(31000 + rnd.nextInt(1000)).append(']');
      }
      c.agent("s" + i, r.toString());
    }
    for (int i = 0; i < frameworks; i++) {
      String r1 = ROLES.get(rnd.nextInt(ROLES.size()));
      String r2 = ROLES.get(rnd.nextInt(ROLES.size()));
      c.framework("f" + i, r1, r2);
    }
    return c;
  }

  private static void randomEvent(Random rnd, TestingCluster c) {
    DrfAllocator d = c.allocator;
    int kind = rnd.nextInt(10);
    List<Offer> offers = new ArrayList<>(d.outstandingOffers());
    if (kind < 4 || offers.isEmpty()) {
      d.allocate(c.now);
    } else if (kind < 6) {
      Offer o = offers.get(rnd.nextInt(offers.size()));
      d.accept(o.id(), randomPart(rnd, o.resources()), List.of(), rnd.nextBoolean() ? null : rnd.nextDouble() * 5, c.now);
    } else if (kind == 6) {
      Offer o = offers.get(rnd.nextInt(offers.size()));
      d.decline(o.id(), rnd.nextInt(4) - 1.0, c.now);
    } else if (kind == 7) {
      recoverSomething(rnd, d);
    } else if (kind == 8) {
      FrameworkState fw = new ArrayList<>(d.frameworks.values()).get(rnd.nextInt(d.frameworks.size()));
      if (rnd.nextBoolean()) {
        d.suppress(fw.id, Set.of());
      } else {
        d.revive(fw.id, Set.of());
      }
    } else {
      AgentState ag = new ArrayList<>(d.agents.values()).get(rnd.nextInt(d.agents.size()));
      AgentInfo i = ag.info;
      d.updateAgent(new AgentInfo(i.id(), i.hostname(), i.total(), i.attributes(), i.active(), !i.draining()));
    }
    c.now += rnd.nextInt(1_500);
  }

  /** Roughly half of each part of {@code r}: scalars halved (exact milli), ports dropped. */
  private static AgentResources randomPart(Random rnd, AgentResources r) {
    if (rnd.nextInt(4) == 0) {
      return r;
    }
    Map<String, Resources> reserved = new HashMap<>();
    r.reserved().forEach((role, res) -> reserved.put(role, half(res)));
    return new AgentResources(half(r.unreserved()), reserved);
  }

  private static Resources half(Resources r) {
    Map<String, Long> m = new HashMap<>();
    r.scalars().forEach((k, v) -> {
      if (v / 2 > 0) {
        m.put(k, v / 2);
      }
    });
    List<Range> ports = r.ports().isEmpty() ? List.of() : List.of(Range.single(r.ports().get(0).begin()));
    return new Resources(m, ports);
  }

  private static void recoverSomething(Random rnd, DrfAllocator d) {
    for (AgentState ag : d.agents.values()) {
      for (Map.Entry<RoleTree.Client, AgentResources> e : ag.allocations.entrySet()) {
        AgentResources inOffers = AgentResources.EMPTY;
        for (Offer o : ag.offers.values()) {
          if (o.frameworkId().equals(e.getKey().framework.id) && o.role().equals(e.getKey().node.name)) {
            inOffers = Reservations.plus(inOffers, o.resources());
          }
        }
        AgentResources used = Reservations.minus(e.getValue(), inOffers);
        if (!used.isEmpty() && rnd.nextBoolean()) {
          d.recoverResources(e.getKey().framework.id, ag.info.id(), e.getKey().node.name, used);
          return;
        }
      }
    }
  }

  /** total = free + allocations on every agent; outstanding offers disjoint and within allocations. */
  static void checkBooks(DrfAllocator d, String where) {
    for (AgentState ag : d.agents.values()) {
      AgentResources sum = ag.free;
      for (AgentResources r : ag.allocations.values()) {
        sum = Reservations.plus(sum, r); // throws if a port were counted twice
      }
      assertThat(sum).as(where + ": agent " + ag.info.id() + " books").isEqualTo(ag.info.total());
      Map<RoleTree.Client, AgentResources> offered = new HashMap<>();
      AgentResources allOffers = AgentResources.EMPTY;
      for (Offer o : ag.offers.values()) {
        allOffers = Reservations.plus(allOffers, o.resources());
        RoleTree.Client cl = d.frameworks.get(o.frameworkId()).clients.get(o.role());
        offered.merge(cl, o.resources(), Reservations::plus);
        assertThat(d.offers.get(o.id())).as(where).isEqualTo(o);
      }
      assertThat(Reservations.contains(ag.info.total(), allOffers)).as(where + ": offers within total").isTrue();
      offered.forEach((cl, r) -> assertThat(Reservations.contains(ag.allocations.get(cl), r))
          .as(where + ": offers within allocation").isTrue());
      assertThat(ag.freeUnreserved).as(where + ": dense vector").isEqualTo(
          java.util.Arrays.copyOf(d.index.vector(ag.free.unreserved()), ag.freeUnreserved.length));
    }
  }

  private static long allocatedUnreserved(DrfAllocator d, String role, String scalar) {
    long sum = 0;
    for (AgentState ag : d.agents.values()) {
      for (Map.Entry<RoleTree.Client, AgentResources> e : ag.allocations.entrySet()) {
        String r = e.getKey().node.name;
        if (r.equals(role) || Role.of(role).isAncestorOf(Role.of(r))) {
          sum += e.getValue().unreserved().scalar(scalar);
        }
      }
    }
    return sum;
  }

}
