package io.citadel.master.leader;

import com.typesafe.config.ConfigFactory;
import io.citadel.master.allocator.AllocatorProtocol;
import io.citadel.master.gateway.IdentitySeal;
import io.citadel.master.registry.RegistryActor;
import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.Attributes;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.protocol.AgentProtocol;
import io.citadel.runtime.protocol.FrameworkProtocol;
import io.citadel.runtime.protocol.GatewayProtocol.ClientKind;
import io.citadel.runtime.protocol.GatewayProtocol.SessionCommand;
import io.citadel.security.audit.AuditLog;
import io.citadel.security.authz.AuthorizationService;
import io.citadel.security.policy.PolicyLoader;
import io.citadel.security.policy.PolicyStore;
import io.citadel.security.policy.PrincipalCanonicalizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * A one-node master cluster for leader tests: the actor test kit joined to itself, one replicated
 * registry shared by every leader started on it (so a second leader sees the first one's epoch), an
 * authorizer over a Mesos ACL policy file written into the test's directory, and helpers that stand
 * for bridges (a {@link TestProbe} per client session, calls sealed as a bridge seals them).
 *
 * <p>The policy: principal {@value #FRAMEWORK} may register role {@code demo} only, run tasks as any
 * user and tear down its own frameworks; principal {@value #AGENT} may register agents on the hosts
 * {@code host-0..host-9}. Everything else is refused. Owned by one test class; not thread-safe.
 */
final class LeaderFixture implements AutoCloseable {
  static final String FRAMEWORK = "fw";
  static final String AGENT = "agent";
  static final Duration WITHIN = Duration.ofSeconds(5);
  /** Ping every 200 ms, remove after 1 s of silence (as measured by each leader's {@link TestingClock}). */
  static final LeaderSettings SETTINGS = new LeaderSettings(Duration.ofMillis(200), Duration.ofSeconds(1),
      Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(1));

  final ActorTestKit kit;
  final IdentitySeal seal = new IdentitySeal(UUID.randomUUID().toString().repeat(2).getBytes());
  final ActorRef<RegistryActor.Command> registry;
  final AuthorizationService authz;
  private final AuditLog audit;

  LeaderFixture(Path dir) throws Exception {
    kit = ActorTestKit.create("leader", ConfigFactory.parseString("""
        pekko.actor.provider = cluster
        pekko.remote.artery.transport = tcp
        pekko.remote.artery.canonical.hostname = 127.0.0.1
        pekko.remote.artery.canonical.port = 0
        pekko.remote.artery.untrusted-mode = off
        pekko.cluster.downing-provider-class = ""
        pekko.cluster.run-coordinated-shutdown-when-down = off
        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
        """).withFallback(ConfigFactory.load()));
    Cluster cluster = Cluster.get(kit.system());
    TestProbe<SelfUp> up = kit.createTestProbe();
    cluster.subscriptions().tell(Subscribe.create(up.ref(), SelfUp.class));
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    up.expectMessageClass(SelfUp.class, Duration.ofSeconds(20));
    registry = kit.spawn(RegistryActor.create(Duration.ofSeconds(3)), "registry");
    Path policies = Files.writeString(dir.resolve("policies.json"), policyFile());
    var keys = KeyPairGenerator.getInstance("EC");
    keys.initialize(256);
    audit = AuditLog.open(dir.resolve("audit.jsonl"), keys.generateKeyPair().getPrivate(), Clock.systemUTC(),
        new AuditLog.Settings(10_000, 100, Duration.ofSeconds(10), Duration.ofMillis(20), 1));
    authz = new AuthorizationService(new PolicyStore(List.of(policies), new PolicyLoader()),
        new PrincipalCanonicalizer(List.of("CITADEL.TEST"), List.of("DEFAULT"), Map.of(), Map.of()), audit,
        Duration.ofSeconds(30), 1000, System::nanoTime);
  }

  private static String policyFile() {
    StringBuilder hosts = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      hosts.append(i == 0 ? "" : ", ").append("\"host-").append(i).append('"');
    }
    String fw = "{\"values\": [\"" + FRAMEWORK + "\"]}";
    return "{\"permissive\": false,\n"
        + " \"register_frameworks\": [{\"principals\": " + fw + ", \"roles\": {\"values\": [\"demo\"]}}],\n"
        + " \"run_tasks\": [{\"principals\": " + fw + ", \"users\": {\"type\": \"ANY\"}}],\n"
        + " \"teardown_frameworks\": [{\"principals\": " + fw + ", \"framework_principals\": " + fw + "}],\n"
        + " \"register_agents\": [{\"principals\": {\"values\": [\"" + AGENT + "\"]}, \"agents\": {\"values\": ["
        + hosts + "]}}]}\n";
  }

  @Override
  public void close() throws Exception {
    kit.shutdownTestKit();
    audit.close();
  }

  /** One leading master with its own allocator probe, clock and metrics; {@code epoch} from its first Sync. */
  record Leader(ActorRef<LeaderProtocol.Command> ref, TestProbe<AllocatorProtocol.Command> allocator, TestingClock clock,
      LeaderMetrics metrics, long epoch) {}

  /** Starts a leader and waits until it has recovered (its first Sync to the allocator). */
  Leader startLeader() {
    TestProbe<AllocatorProtocol.Command> allocator = kit.createTestProbe();
    TestingClock clock = new TestingClock();
    LeaderMetrics metrics = new LeaderMetrics();
    var ref = kit.spawn(LeadingMaster.create(new LeadingMaster.Dependencies(registry, allocator.ref(), seal, SETTINGS, clock,
        metrics, authz)));
    var sync = first(allocator, AllocatorProtocol.Sync.class);
    return new Leader(ref, allocator, clock, metrics, sync.leaderEpoch());
  }

  /** A client session as its bridge stands for it at the leader. */
  record Client(LeaderProtocol.ClientIdentity identity, TestProbe<LeaderProtocol.ToBridge> bridge) {}

  Client client(ClientKind kind, String principal) {
    return new Client(new LeaderProtocol.ClientIdentity(UUID.randomUUID().toString(), kind, principal, "m1:5050"),
        kit.createTestProbe());
  }

  /** The seal a bridge puts on a call (the fields are defined once, by {@code ClientIdentity.sealedFields}). */
  String sealOf(LeaderProtocol.ClientIdentity id, String requestId) {
    return seal.seal(id.sealedFields(requestId));
  }

  void call(Leader leader, Client client, SessionCommand command) {
    String requestId = UUID.randomUUID().toString();
    leader.ref().tell(new LeaderProtocol.ClientCall(client.identity(), requestId, sealOf(client.identity(), requestId),
        command, client.bridge().ref()));
  }

  void keepAlive(Leader leader, Client client) {
    leader.ref().tell(new LeaderProtocol.KeepAlive(client.identity(), sealOf(client.identity(), ""), client.bridge().ref()));
  }

  static FrameworkProtocol.Subscribe subscribe(String declaredPrincipal, String... roles) {
    return new FrameworkProtocol.Subscribe(
        new FrameworkProtocol.FrameworkInfo("test-fw", List.of(roles), declaredPrincipal, "", 60_000), null);
  }

  /** Subscribes a new framework for role demo and returns its id. */
  FrameworkId subscribeFramework(Leader leader, Client fw) {
    call(leader, fw, subscribe("", "demo"));
    var subscribed = delivered(fw.bridge(), FrameworkProtocol.Subscribed.class);
    first(leader.allocator(), AllocatorProtocol.FrameworkChanged.class);
    return subscribed.frameworkId();
  }

  /** Registers a new agent on {@code host} with {@code resources} and returns its id once the allocator knows it. */
  AgentId registerAgent(Leader leader, Client agent, String host, String resources) {
    call(leader, agent, new AgentProtocol.RegisterAgent(
        new AgentProtocol.AgentInfo(host, AgentResources.parse(resources), Attributes.EMPTY), null, List.of()));
    var registered = delivered(agent.bridge(), AgentProtocol.AgentRegistered.class);
    var added = first(leader.allocator(), AllocatorProtocol.AgentAdded.class);
    if (!added.agent().agentId().equals(registered.agentId())) {
      throw new AssertionError("allocator was told of agent " + added.agent().agentId() + ", not " + registered.agentId());
    }
    return registered.agentId();
  }

  /** The first client message of {@code type} the bridge gets within {@link #WITHIN}; other messages are skipped. */
  static <M> M delivered(TestProbe<LeaderProtocol.ToBridge> bridge, Class<M> type) {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (true) {
      var m = first(bridge, LeaderProtocol.Deliver.class, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (type.isInstance(m.message())) {
        return type.cast(m.message());
      }
    }
  }

  /** The next client message the bridge gets, whatever it is (pings skipped). */
  static Object nextDelivered(TestProbe<LeaderProtocol.ToBridge> bridge) {
    while (true) {
      var m = bridge.expectMessageClass(LeaderProtocol.Deliver.class, WITHIN).message();
      if (!(m instanceof AgentProtocol.Ping)) {
        return m;
      }
    }
  }

  static <T, M extends T> M first(TestProbe<T> probe, Class<M> type) {
    return first(probe, type, WITHIN);
  }

  /** The first message of the given type within the deadline; other messages are skipped. */
  static <T, M extends T> M first(TestProbe<T> probe, Class<M> type, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no " + type.getSimpleName() + " within " + within);
      }
      T m = probe.receiveMessage(Duration.ofNanos(left));
      if (type.isInstance(m)) {
        return type.cast(m);
      }
    }
  }
}
