package io.citadel.master.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.citadel.master.allocator.drf.DrfSettings;
import io.citadel.master.leader.TestingClock;
import io.citadel.master.registry.RegistryActor;
import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.Attributes;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.Resources;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The allocator actor with probes for the registry (which answers its epoch bump) and for the leading
 * master. Decline filters expire on a {@link TestingClock} the test moves. Rounds also run on the real
 * 1 s timer, but a timed round finds nothing new unless the clock moved, and then it makes the same
 * offer the test's triggering event would: either way the next Decisions is the one asserted. (The
 * interval cannot simply be made long: it is also the shortest decline filter.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AllocatorActorTest {
  private static final long ALLOCATOR_EPOCH = 7;
  private static final Duration WITHIN = Duration.ofSeconds(5);
  private static final DrfSettings SETTINGS = new DrfSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofDays(365),
      Duration.ZERO, List.of(Resources.parse("cpus:0.01"), Resources.parse("mem:32")));

  private final ActorTestKit kit = ActorTestKit.create("allocator", ConfigFactory.parseString(
      "pekko.actor.provider = local\npekko.remote.artery.enabled = off").withFallback(ConfigFactory.load()));

  @AfterAll
  void shutdown() {
    kit.shutdownTestKit();
  }

  /** An allocator that has raised its epoch and asked the leader probe for a sync. */
  private record Started(ActorRef<AllocatorProtocol.Command> ref, TestProbe<AllocatorProtocol.LeaderBound> leader,
      TestingClock clock) {}

  private Started start() {
    TestProbe<RegistryActor.Command> registry = kit.createTestProbe();
    TestProbe<AllocatorProtocol.LeaderBound> leader = kit.createTestProbe();
    TestingClock clock = new TestingClock();
    var ref = kit.spawn(AllocatorActor.create(registry.ref(), leader.ref(), SETTINGS, clock));
    var bump = registry.expectMessageClass(RegistryActor.BumpEpoch.class, WITHIN);
    assertThat(bump.name()).isEqualTo("allocator");
    bump.replyTo().tell(new RegistryActor.Epoch(ALLOCATOR_EPOCH));
    var request = leader.expectMessageClass(AllocatorProtocol.RequestSync.class, WITHIN);
    assertThat(request.allocatorEpoch()).isEqualTo(ALLOCATOR_EPOCH);
    assertThat(request.allocator()).isEqualTo(ref);
    return new Started(ref, leader, clock);
  }

  private static AllocatorProtocol.AgentView agent(AgentId id, String resources) {
    return new AllocatorProtocol.AgentView(id, id.value() + ".host", AgentResources.parse(resources), Attributes.EMPTY, true,
        List.of());
  }

  private static AllocatorProtocol.FrameworkView framework(FrameworkId id) {
    return new AllocatorProtocol.FrameworkView(id, List.of("demo"), List.of(), true);
  }

  private AllocatorProtocol.Decisions decisions(Started a) {
    return a.leader().expectMessageClass(AllocatorProtocol.Decisions.class, WITHIN);
  }

  @Test
  void syncWithOneAgentAndOneFrameworkYieldsAnOffer() {
    Started a = start();
    FrameworkId fw = FrameworkId.random();
    AgentId agent = AgentId.random();
    a.ref().tell(new AllocatorProtocol.Sync(3, List.of(framework(fw)), List.of(agent(agent, "cpus:4;mem:4096"))));
    var d = decisions(a);
    assertThat(d.allocatorEpoch()).isEqualTo(ALLOCATOR_EPOCH);
    assertThat(d.offers()).singleElement().satisfies(o -> {
      assertThat(o.frameworkId()).isEqualTo(fw);
      assertThat(o.agentId()).isEqualTo(agent);
      assertThat(o.role()).isEqualTo("demo");
      assertThat(o.resources()).isEqualTo(Resources.parse("cpus:4;mem:4096"));
    });
    assertThat(d.rescind()).isEmpty();
    assertThat(d.unsatisfiable()).isEmpty();
  }

  @Test
  void declinedResourcesAreNotOfferedAgainToThatFrameworkBeforeTheFilterExpires() {
    Started a = start();
    FrameworkId fw = FrameworkId.random();
    AgentId first = AgentId.random();
    a.ref().tell(new AllocatorProtocol.Sync(3, List.of(framework(fw)), List.of(agent(first, "cpus:4;mem:4096"))));
    var offer = decisions(a).offers().get(0);
    a.ref().tell(new AllocatorProtocol.OfferDeclined(3, offer.offerId(), 5));
    // Each round below is triggered by a new agent and offers that agent only: the declined one is still
    // filtered. Each Decisions received also shows the allocator is done with what came before, so the
    // clock moves only between messages (had it moved before the decline was applied, the filter would
    // start late).
    AgentId second = AgentId.random();
    a.ref().tell(new AllocatorProtocol.AgentAdded(3, agent(second, "cpus:2;mem:1024")));
    assertThat(decisions(a).offers()).singleElement().extracting(AllocatorProtocol.OfferDecision::agentId).isEqualTo(second);
    a.clock().advance(Duration.ofMillis(4_900));
    AgentId third = AgentId.random();
    a.ref().tell(new AllocatorProtocol.AgentAdded(3, agent(third, "cpus:2;mem:1024")));
    assertThat(decisions(a).offers()).singleElement().satisfies(o -> {
      assertThat(o.agentId()).isEqualTo(third);
      assertThat(o.frameworkId()).isEqualTo(fw);
    });
    // Past the 5 s filter, the next round (a timed one, or the one this event triggers) offers it again.
    a.clock().advance(Duration.ofMillis(200));
    a.ref().tell(new AllocatorProtocol.FrameworkChanged(3, framework(fw)));
    assertThat(decisions(a).offers()).singleElement().satisfies(o -> {
      assertThat(o.agentId()).isEqualTo(first);
      assertThat(o.resources()).isEqualTo(Resources.parse("cpus:4;mem:4096"));
    });
  }

  @Test
  void syncAndUpdatesFromAnOlderLeaderEpochAreIgnored() {
    Started a = start();
    FrameworkId fw = FrameworkId.random();
    AgentId known = AgentId.random();
    a.ref().tell(new AllocatorProtocol.Sync(3, List.of(framework(fw)), List.of(agent(known, "cpus:4;mem:4096"))));
    assertThat(decisions(a).offers()).singleElement().extracting(AllocatorProtocol.OfferDecision::agentId).isEqualTo(known);
    // An older leader's view (another agent) and its update: had either been applied, that agent would be offered next.
    AgentId stale = AgentId.random();
    a.ref().tell(new AllocatorProtocol.Sync(2, List.of(framework(fw)), List.of(agent(known, "cpus:4;mem:4096"),
        agent(stale, "cpus:8;mem:8192"))));
    a.ref().tell(new AllocatorProtocol.AgentAdded(2, agent(AgentId.random(), "cpus:8;mem:8192")));
    AgentId fresh = AgentId.random();
    a.ref().tell(new AllocatorProtocol.AgentAdded(3, agent(fresh, "cpus:1;mem:512")));
    assertThat(decisions(a).offers()).singleElement().extracting(AllocatorProtocol.OfferDecision::agentId).isEqualTo(fresh);
  }
}
