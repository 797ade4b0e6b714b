package io.citadel.master.leader;

import static io.citadel.master.leader.LeaderFixture.delivered;
import static io.citadel.master.leader.LeaderFixture.first;
import static io.citadel.master.leader.LeaderFixture.nextDelivered;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.master.allocator.AllocatorProtocol;
import io.citadel.master.leader.LeaderFixture.Client;
import io.citadel.master.leader.LeaderFixture.Leader;
import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.OfferId;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.model.TaskStatusReason;
import io.citadel.runtime.protocol.AgentProtocol;
import io.citadel.runtime.protocol.FrameworkProtocol;
import io.citadel.runtime.protocol.GatewayProtocol.ClientKind;
import io.citadel.runtime.protocol.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real leading master in a one-node cluster with the real registry and authorizer; probes stand
 * for the allocator and for the bridges of framework and agent sessions. Each test starts its own
 * leader (they share the registry, so epochs only grow) and stops it afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeadingMasterActorTest {
  private static final long ALLOCATOR_EPOCH = 1;
  private static final Resources TASK = Resources.parse("cpus:1;mem:128");

  @TempDir
  static Path dir;

  private LeaderFixture f;
  private final List<Leader> started = new ArrayList<>();

  @BeforeAll
  void startCluster() throws Exception {
    f = new LeaderFixture(dir);
  }

  @AfterAll
  void shutdown() throws Exception {
    f.close();
  }

  @AfterEach
  void stopLeaders() {
    started.forEach(l -> f.kit.stop(l.ref()));
    started.clear();
  }

  private Leader leader() {
    Leader l = f.startLeader();
    started.add(l);
    return l;
  }

  /** A leader with one framework (role demo), one agent (cpus 4, mem 4096) and an allocator synced at epoch 1. */
  private record Running(Leader leader, Client fw, FrameworkId fwId, Client agent, AgentId agentId) {}

  private Running running() {
    Leader l = leader();
    Client fw = f.client(ClientKind.FRAMEWORK, LeaderFixture.FRAMEWORK);
    FrameworkId fwId = f.subscribeFramework(l, fw);
    Client agent = f.client(ClientKind.AGENT, LeaderFixture.AGENT);
    AgentId agentId = f.registerAgent(l, agent, "host-1", "cpus:4;mem:4096");
    l.ref().tell(new AllocatorProtocol.RequestSync(ALLOCATOR_EPOCH, l.allocator().ref()));
    var sync = first(l.allocator(), AllocatorProtocol.Sync.class);
    assertThat(sync.agents()).extracting(AllocatorProtocol.AgentView::agentId).containsExactly(agentId);
    return new Running(l, fw, fwId, agent, agentId);
  }

  private static AllocatorProtocol.Decisions decide(long allocatorEpoch, AllocatorProtocol.OfferDecision... offers) {
    return new AllocatorProtocol.Decisions(allocatorEpoch, List.of(offers), List.of(), List.of());
  }

  private static AllocatorProtocol.OfferDecision decision(Running r, String resources) {
    return new AllocatorProtocol.OfferDecision(OfferId.random(), r.fwId(), r.agentId(), "demo", Resources.parse(resources));
  }

  /** Makes one offer of {@code resources} to the framework and returns it as the framework saw it. */
  private FrameworkProtocol.Offer offer(Running r, String resources) {
    var d = decision(r, resources);
    r.leader().ref().tell(decide(ALLOCATOR_EPOCH, d));
    var offers = delivered(r.fw().bridge(), FrameworkProtocol.Offers.class);
    assertThat(offers.offers()).extracting(FrameworkProtocol.Offer::id).containsExactly(d.offerId());
    return offers.offers().get(0);
  }

  private static FrameworkProtocol.TaskLaunch launch(String taskId) {
    return new FrameworkProtocol.TaskLaunch(TaskId.of(taskId), null, TASK, FrameworkProtocol.CommandInfo.shell("true"));
  }

  private void accept(Running r, OfferId offer, String... taskIds) {
    f.call(r.leader(), r.fw(), new FrameworkProtocol.Accept(List.of(offer),
        java.util.Arrays.stream(taskIds).map(LeadingMasterActorTest::launch).toList(), 5));
  }

  private static TaskStatus status(Running r, String taskId, TaskState state, String updateId) {
    return new TaskStatus(TaskId.of(taskId), r.fwId(), r.agentId(), state, null, "", updateId, 1L, null, "");
  }

  @Test
  void recoveryRaisesTheEpoch() {
    Leader first = leader();
    assertThat(first.epoch()).isGreaterThanOrEqualTo(1);
    assertThat(first.metrics().leaderEpoch()).isEqualTo(first.epoch());
    Client fw = f.client(ClientKind.FRAMEWORK, LeaderFixture.FRAMEWORK);
    f.call(first, fw, LeaderFixture.subscribe("", "demo"));
    assertThat(delivered(fw.bridge(), FrameworkProtocol.Subscribed.class).masterEpoch()).isEqualTo(first.epoch());

    Leader second = leader();
    assertThat(second.epoch()).isGreaterThan(first.epoch());
  }

  @Test
  void frameworkSubscribesAndBadSealsAreDropped() {
    Leader l = leader();
    Client fw = f.client(ClientKind.FRAMEWORK, LeaderFixture.FRAMEWORK);
    var id = fw.identity();
    // A seal made for another principal (a forged identity), and no seal at all.
    var other = new LeaderProtocol.ClientIdentity(id.sessionId(), id.kind(), "admin", id.gateway());
    l.ref().tell(new LeaderProtocol.ClientCall(id, "r1", f.sealOf(other, "r1"), LeaderFixture.subscribe("", "demo"),
        fw.bridge().ref()));
    l.ref().tell(new LeaderProtocol.ClientCall(id, "r2", null, LeaderFixture.subscribe("", "demo"), fw.bridge().ref()));
    l.ref().tell(new LeaderProtocol.KeepAlive(id, f.sealOf(other, ""), fw.bridge().ref()));
    // The leader answers in order: had either forged call been taken, something would come before this.
    f.keepAlive(l, fw);
    assertThat(fw.bridge().expectMessageClass(LeaderProtocol.LeaderStatus.class, LeaderFixture.WITHIN))
        .isEqualTo(new LeaderProtocol.LeaderStatus(l.epoch(), false));
    assertThat(l.metrics().badSeals()).isEqualTo(3);

    f.call(l, fw, LeaderFixture.subscribe("", "demo"));
    var subscribed = (FrameworkProtocol.Subscribed) nextDelivered(fw.bridge());
    assertThat(subscribed.masterEpoch()).isEqualTo(l.epoch());
    var changed = first(l.allocator(), AllocatorProtocol.FrameworkChanged.class);
    assertThat(changed.framework().frameworkId()).isEqualTo(subscribed.frameworkId());
    assertThat(changed.framework().active()).isTrue();
  }

  @Test
  void B28_declaredPrincipalMismatchRefused() {
    Leader l = leader();
    Client hdfs = f.client(ClientKind.FRAMEWORK, LeaderFixture.FRAMEWORK);
    f.call(l, hdfs, LeaderFixture.subscribe("marathon", "demo"));
    var error = (FrameworkProtocol.Error) nextDelivered(hdfs.bridge());
    assertThat(error.code()).isEqualTo("PRINCIPAL_MISMATCH");
    assertThat(error.message()).contains("[marathon]", "[" + LeaderFixture.FRAMEWORK + "]");

    // An empty declared principal means the authenticated one; so does the authenticated name without its realm.
    f.call(l, hdfs, LeaderFixture.subscribe("", "demo"));
    assertThat(nextDelivered(hdfs.bridge())).isInstanceOf(FrameworkProtocol.Subscribed.class);
    Client withRealm = f.client(ClientKind.FRAMEWORK, LeaderFixture.FRAMEWORK + "@CITADEL.TEST");
    f.call(l, withRealm, LeaderFixture.subscribe(LeaderFixture.FRAMEWORK, "demo"));
    assertThat(nextDelivered(withRealm.bridge())).isInstanceOf(FrameworkProtocol.Subscribed.class);
  }

  @Test
  void agentRegistersAndKeepAliveSaysWhetherTheLeaderKnowsTheBridge() {
    Leader l = leader();
    Client agent = f.client(ClientKind.AGENT, LeaderFixture.AGENT);
    f.call(l, agent, new AgentProtocol.RegisterAgent(new AgentProtocol.AgentInfo("host-2",
        io.citadel.runtime.model.AgentResources.parse("cpus:2;mem:1024"), io.citadel.runtime.model.Attributes.EMPTY),
        null, List.of()));
    var registered = delivered(agent.bridge(), AgentProtocol.AgentRegistered.class);
    assertThat(registered.masterEpoch()).isEqualTo(l.epoch());
    var added = first(l.allocator(), AllocatorProtocol.AgentAdded.class);
    assertThat(added.leaderEpoch()).isEqualTo(l.epoch());
    assertThat(added.agent().agentId()).isEqualTo(registered.agentId());
    assertThat(added.agent().hostname()).isEqualTo("host-2");
    assertThat(added.agent().active()).isTrue();

    f.keepAlive(l, agent);
    assertThat(first(agent.bridge(), LeaderProtocol.LeaderStatus.class))
        .isEqualTo(new LeaderProtocol.LeaderStatus(l.epoch(), true));
    Client stranger = f.client(ClientKind.AGENT, LeaderFixture.AGENT);
    f.keepAlive(l, stranger);
    assertThat(stranger.bridge().expectMessageClass(LeaderProtocol.LeaderStatus.class, LeaderFixture.WITHIN))
        .isEqualTo(new LeaderProtocol.LeaderStatus(l.epoch(), false));
  }

  @Test
  void offersFollowCurrentDecisionsOnlyAndWithinFreeResources() {
    Running r = running();
    FrameworkProtocol.Offer offer = offer(r, "cpus:2;mem:1024");
    assertThat(offer.agentId()).isEqualTo(r.agentId());
    assertThat(offer.hostname()).isEqualTo("host-1");
    assertThat(offer.allocatorEpoch()).isEqualTo(ALLOCATOR_EPOCH);

    // From an older allocator epoch: ignored. More than is free (2 cpus are out in the offer): refused.
    r.leader().ref().tell(decide(ALLOCATOR_EPOCH - 1, decision(r, "cpus:1;mem:128")));
    var tooBig = decision(r, "cpus:3;mem:128");
    r.leader().ref().tell(decide(ALLOCATOR_EPOCH, tooBig));
    assertThat(first(r.leader().allocator(), AllocatorProtocol.OfferWithdrawn.class))
        .isEqualTo(new AllocatorProtocol.OfferWithdrawn(r.leader().epoch(), tooBig.offerId()));
    // Nothing reached the framework for either: the next offer it sees is this one.
    var fits = decision(r, "cpus:2;mem:1024");
    r.leader().ref().tell(decide(ALLOCATOR_EPOCH, fits));
    var next = (FrameworkProtocol.Offers) nextDelivered(r.fw().bridge());
    assertThat(next.offers()).extracting(FrameworkProtocol.Offer::id).containsExactly(fits.offerId());
    assertThat(r.leader().metrics().offersMade()).isEqualTo(2);
  }

  @Test
  void acceptLaunchesOnTheAgentWithTheLeaderEpoch() {
    Running r = running();
    FrameworkProtocol.Offer offer = offer(r, "cpus:2;mem:1024");
    accept(r, offer.id(), "t1");
    var run = delivered(r.agent().bridge(), AgentProtocol.RunTask.class);
    assertThat(run.masterEpoch()).isEqualTo(r.leader().epoch());
    assertThat(run.frameworkId()).isEqualTo(r.fwId());
    assertThat(run.frameworkPrincipal()).isEqualTo(LeaderFixture.FRAMEWORK);
    assertThat(run.task().taskId()).isEqualTo(TaskId.of("t1"));
    var used = first(r.leader().allocator(), AllocatorProtocol.OfferUsed.class);
    assertThat(used).isEqualTo(new AllocatorProtocol.OfferUsed(r.leader().epoch(), offer.id(), TASK, 5.0));
    assertThat(r.leader().metrics().tasksLaunched()).isEqualTo(1);
  }

  @Test
  void B01_secondAcceptOfSameOfferDropped() {
    Running r = running();
    FrameworkProtocol.Offer offer = offer(r, "cpus:4;mem:4096");
    accept(r, offer.id(), "t1");
    accept(r, offer.id(), "t2");
    var dropped = ((FrameworkProtocol.Update) nextDelivered(r.fw().bridge())).status();
    assertThat(dropped.taskId()).isEqualTo(TaskId.of("t2"));
    assertThat(dropped.state()).isEqualTo(TaskState.DROPPED);
    assertThat(dropped.reason()).isEqualTo(TaskStatusReason.INVALID_OFFER);
    assertThat(dropped.message()).contains(offer.id().value(), "used");
    // Variant: one accept that lists a fresh offer twice launches nothing.
    FrameworkProtocol.Offer fresh = offer(r, "cpus:1;mem:128");
    f.call(r.leader(), r.fw(), new FrameworkProtocol.Accept(List.of(fresh.id(), fresh.id()), List.of(launch("t3")), 5));
    var twice = ((FrameworkProtocol.Update) nextDelivered(r.fw().bridge())).status();
    assertThat(twice.taskId()).isEqualTo(TaskId.of("t3"));
    assertThat(twice.state()).isEqualTo(TaskState.DROPPED);
    assertThat(twice.reason()).isEqualTo(TaskStatusReason.INVALID_OFFER);
    assertThat(twice.message()).contains("listed twice");
    // Only t1 ever reached the agent.
    var run = (AgentProtocol.RunTask) nextDelivered(r.agent().bridge());
    assertThat(run.task().taskId()).isEqualTo(TaskId.of("t1"));
    assertThat(r.leader().metrics().tasksLaunched()).isEqualTo(1);
    assertThat(r.leader().metrics().refusedAccepts()).isEqualTo(2);
  }

  @Test
  void acceptOfRescindedOfferDroppedAsRescinded() {
    Running r = running();
    FrameworkProtocol.Offer offer = offer(r, "cpus:2;mem:1024");
    r.agent().bridge().stop();
    assertThat(((FrameworkProtocol.Rescinded) nextDelivered(r.fw().bridge())).offerId()).isEqualTo(offer.id());
    assertThat(first(r.leader().allocator(), AllocatorProtocol.OfferWithdrawn.class).offerId()).isEqualTo(offer.id());
    accept(r, offer.id(), "t1");
    var dropped = ((FrameworkProtocol.Update) nextDelivered(r.fw().bridge())).status();
    assertThat(dropped.state()).isEqualTo(TaskState.DROPPED);
    assertThat(dropped.reason()).isEqualTo(TaskStatusReason.OFFER_RESCINDED);
  }

  @Test
  void statusUpdatesAndAcknowledgementsAreRelayed() {
    Running r = running();
    accept(r, offer(r, "cpus:2;mem:1024").id(), "t1");
    delivered(r.agent().bridge(), AgentProtocol.RunTask.class);
    TaskStatus running = status(r, "t1", TaskState.RUNNING, "u1");
    f.call(r.leader(), r.agent(), new AgentProtocol.StatusUpdate(running));
    assertThat(nextDelivered(r.fw().bridge())).isEqualTo(new FrameworkProtocol.Update(running));
    f.call(r.leader(), r.fw(), new FrameworkProtocol.Acknowledge(r.agentId(), TaskId.of("t1"), "u1"));
    assertThat(nextDelivered(r.agent().bridge()))
        .isEqualTo(new AgentProtocol.AcknowledgeUpdate(r.leader().epoch(), TaskId.of("t1"), "u1"));

    TaskStatus finished = status(r, "t1", TaskState.FINISHED, "u2");
    f.call(r.leader(), r.agent(), new AgentProtocol.StatusUpdate(finished));
    assertThat(nextDelivered(r.fw().bridge())).isEqualTo(new FrameworkProtocol.Update(finished));
    assertThat(first(r.leader().allocator(), AllocatorProtocol.ResourcesRecovered.class)).isEqualTo(
        new AllocatorProtocol.ResourcesRecovered(r.leader().epoch(), r.fwId(), r.agentId(), "demo", TASK));
  }

  @Test
  void statusUpdateNamingAnotherFrameworkIgnored() {
    Running r = running();
    Client other = f.client(ClientKind.FRAMEWORK, LeaderFixture.FRAMEWORK);
    FrameworkId otherId = f.subscribeFramework(r.leader(), other);
    accept(r, offer(r, "cpus:2;mem:1024").id(), "t1");
    delivered(r.agent().bridge(), AgentProtocol.RunTask.class);
    // The agent runs t1 for the first framework but claims it finished for the other one.
    TaskStatus forged = new TaskStatus(TaskId.of("t1"), otherId, r.agentId(), TaskState.FINISHED, null, "", "u1", 1L, 0, "");
    f.call(r.leader(), r.agent(), new AgentProtocol.StatusUpdate(forged));
    TaskStatus running = status(r, "t1", TaskState.RUNNING, "u2");
    f.call(r.leader(), r.agent(), new AgentProtocol.StatusUpdate(running));
    // t1 was not ended by the forged update: the honest RUNNING is relayed, and first, to its own framework.
    assertThat(nextDelivered(r.fw().bridge())).isEqualTo(new FrameworkProtocol.Update(running));
    f.keepAlive(r.leader(), other);
    assertThat(nextNonPing(other)).isInstanceOf(LeaderProtocol.LeaderStatus.class);
  }

  @Test
  void statusUpdateForAnUnknownTaskIsAcknowledgedButNotRelayed() {
    Running r = running();
    TaskStatus injected = new TaskStatus(TaskId.of("never-launched"), r.fwId(), r.agentId(), TaskState.FINISHED, null, "",
        "u9", 1L, 0, "");
    f.call(r.leader(), r.agent(), new AgentProtocol.StatusUpdate(injected));
    var ack = delivered(r.agent().bridge(), AgentProtocol.AcknowledgeUpdate.class);
    assertThat(ack.taskId()).isEqualTo(TaskId.of("never-launched"));
    assertThat(ack.updateId()).isEqualTo("u9");
    f.keepAlive(r.leader(), r.fw());
    assertThat(nextNonPing(r.fw())).as("nothing relayed to the framework").isInstanceOf(LeaderProtocol.LeaderStatus.class);
  }

  /** The next message on a bridge, whatever it is, skipping pings. */
  private static LeaderProtocol.ToBridge nextNonPing(Client c) {
    while (true) {
      var m = c.bridge().receiveMessage(LeaderFixture.WITHIN);
      if (!(m instanceof LeaderProtocol.Deliver d && d.message() instanceof AgentProtocol.Ping)) {
        return m;
      }
    }
  }

  @Test
  void agentThatStopsAnsweringPingsIsRemovedAndItsTasksLost() {
    Running r = running();
    accept(r, offer(r, "cpus:2;mem:1024").id(), "t1");
    delivered(r.agent().bridge(), AgentProtocol.RunTask.class);
    Leader l = r.leader();
    // An agent that answers stays: 1.2 s pass in all, but only 0.6 s since its pong.
    var ping = delivered(r.agent().bridge(), AgentProtocol.Ping.class);
    assertThat(ping.masterEpoch()).isEqualTo(l.epoch());
    l.clock().advance(Duration.ofMillis(600));
    f.call(l, r.agent(), new AgentProtocol.Pong(ping.seq()));
    l.clock().advance(Duration.ofMillis(600));
    f.keepAlive(l, r.agent());
    first(r.agent().bridge(), LeaderProtocol.LeaderStatus.class);
    // This ping was sent by a tick after the clock moved, so that tick kept the agent.
    delivered(r.agent().bridge(), AgentProtocol.Ping.class);

    l.clock().advance(Duration.ofSeconds(2));
    var lost = delivered(r.fw().bridge(), FrameworkProtocol.Update.class).status();
    assertThat(lost.taskId()).isEqualTo(TaskId.of("t1"));
    assertThat(lost.state()).isEqualTo(TaskState.LOST);
    assertThat(lost.reason()).isEqualTo(TaskStatusReason.AGENT_REMOVED);
    assertThat(first(l.allocator(), AllocatorProtocol.AgentGone.class))
        .isEqualTo(new AllocatorProtocol.AgentGone(l.epoch(), r.agentId()));
    f.keepAlive(l, r.agent());
    assertThat(first(r.agent().bridge(), LeaderProtocol.LeaderStatus.class).registered()).isFalse();
  }

  @Test
  void unauthorizedRoleAndAgentHostRefused() {
    Leader l = leader();
    Client fw = f.client(ClientKind.FRAMEWORK, LeaderFixture.FRAMEWORK);
    f.call(l, fw, LeaderFixture.subscribe("", "prod"));
    var error = (FrameworkProtocol.Error) nextDelivered(fw.bridge());
    assertThat(error.code()).isEqualTo("UNAUTHORIZED");
    assertThat(error.message()).contains("[prod]", "[" + LeaderFixture.FRAMEWORK + "]");

    Client agent = f.client(ClientKind.AGENT, LeaderFixture.AGENT);
    f.call(l, agent, new AgentProtocol.RegisterAgent(new AgentProtocol.AgentInfo("rogue-host",
        io.citadel.runtime.model.AgentResources.parse("cpus:2;mem:1024"), io.citadel.runtime.model.Attributes.EMPTY),
        null, List.of()));
    assertThat(((AgentProtocol.RegistrationRefused) nextDelivered(agent.bridge())).reason()).contains("[rogue-host]");
  }
}
