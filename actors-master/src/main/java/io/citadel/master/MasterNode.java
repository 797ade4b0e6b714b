package io.citadel.master;

import com.typesafe.config.Config;
import io.citadel.master.allocator.AllocatorActor;
import io.citadel.master.allocator.AllocatorProtocol;
import io.citadel.master.allocator.drf.DrfSettings;
import io.citadel.master.gateway.GatewayContext;
import io.citadel.master.gateway.GatewayMetrics;
import io.citadel.master.gateway.GatewaySettings;
import io.citadel.master.gateway.IdentitySeal;
import io.citadel.master.gateway.MasterGateway;
import io.citadel.master.gateway.TokenVerifier;
import io.citadel.master.leader.LeaderMetrics;
import io.citadel.master.leader.LeaderProtocol;
import io.citadel.master.leader.LeaderSettings;
import io.citadel.master.leader.LeadingMaster;
import io.citadel.master.registry.RegistryActor;
import io.citadel.runtime.client.MasterAddress;
import io.citadel.runtime.launcher.NodeRole;
import io.citadel.runtime.launcher.SystemConfigs;
import io.citadel.security.kerberos.AcceptResult;
import io.citadel.security.kerberos.KerberosAcceptor;
import io.citadel.security.kerberos.KerberosSettings;
import io.citadel.security.audit.AuditLog;
import io.citadel.security.authz.AuthorizationService;
import io.citadel.security.authz.AuthorizationSettings;
import io.citadel.security.authz.Authorizer;
import io.citadel.security.pki.Pem;
import io.citadel.security.policy.PolicyLoader;
import io.citadel.security.policy.PolicyStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * One master JVM: the cluster actor system (members: masters only) with the registry and the two
 * singletons, and the gateway actor system (untrusted mode) that clients talk to.
 */
public final class MasterNode implements NodeRole.RunningRole {
  private final ActorSystem<Void> cluster;
  private final ActorSystem<Void> gateway;
  private final GatewayMetrics gatewayMetrics;
  private final LeaderMetrics leaderMetrics;

  private MasterNode(ActorSystem<Void> cluster, ActorSystem<Void> gateway, GatewayMetrics gm, LeaderMetrics lm) {
    this.cluster = cluster;
    this.gateway = gateway;
    this.gatewayMetrics = gm;
    this.leaderMetrics = lm;
  }

  /** Validates what {@link #start} reads — settings, keytab, TLS material, policy files — without starting. */
  public static void check(Config root) throws Exception {
    MasterSettings.fromConfig(root);
    LeaderSettings.fromConfig(root);
    GatewaySettings.fromConfig(root);
    KerberosSettings.fromConfig(root, "citadel.master.kerberos");
    AuthorizationSettings authz = AuthorizationSettings.fromConfig(root, "citadel.authorization");
    new PolicyLoader().load(authz.policyFiles());
    SystemConfigs.checkTls(root, SystemConfigs.Kind.CLUSTER, "citadel.master.cluster-tls");
    SystemConfigs.checkTls(root, SystemConfigs.Kind.GATEWAY, "citadel.master.gateway-tls");
  }

  public static MasterNode start(Config root) throws Exception {
    MasterSettings settings = MasterSettings.fromConfig(root);
    LeaderSettings leaderSettings = LeaderSettings.fromConfig(root);
    GatewaySettings gatewaySettings = GatewaySettings.fromConfig(root);
    KerberosAcceptor acceptor = KerberosAcceptor.login(KerberosSettings.fromConfig(root, "citadel.master.kerberos"));
    String clusterName = root.getString("citadel.cluster-name");
    // Before joining the cluster: bad policies, or an audit log that cannot be opened, stop the start.
    AuthorizationSettings authzSettings = AuthorizationSettings.fromConfig(root, "citadel.authorization");
    AuditLog auditLog = openAuditLog(root, authzSettings);
    AuthorizationService authorization;
    try {
      authorization = new AuthorizationService(new PolicyStore(authzSettings.policyFiles(), new PolicyLoader()),
          authzSettings.canonicalizer(), auditLog, authzSettings.cacheTtl(), authzSettings.cacheMaxEntries(), System::nanoTime);
    } catch (RuntimeException e) {
      auditLog.close();
      throw e;
    }

    Config clusterConfig = SystemConfigs.forSystem(root, SystemConfigs.Kind.CLUSTER, settings.hostname(),
        settings.clusterPort(), "citadel.master.cluster-tls");
    List<String> seeds = settings.seedNodes().stream()
        .map(a -> "pekko://" + clusterName + "@" + a.host() + ":" + a.port()).toList();
    clusterConfig = SystemConfigs.with(clusterConfig, "pekko.actor.provider", "cluster");
    clusterConfig = SystemConfigs.with(clusterConfig, "pekko.cluster.seed-nodes", seeds);
    clusterConfig = SystemConfigs.with(clusterConfig, "pekko.cluster.split-brain-resolver.static-quorum.quorum-size", settings.quorumSize());
    clusterConfig = SystemConfigs.with(clusterConfig, "pekko.cluster.min-nr-of-members", settings.quorumSize());
    // A downed master exits its JVM rather than go on acting (set here, not in reference.conf, so that
    // no other actor system in the JVM, e.g. a framework driver, inherits it).
    clusterConfig = SystemConfigs.with(clusterConfig, "pekko.coordinated-shutdown.exit-jvm",
        root.getBoolean("citadel.master.exit-jvm-when-stopped") ? "on" : "off");

    ActorSystem<Void> cluster;
    try {
      cluster = ActorSystem.create(Behaviors.empty(), clusterName, clusterConfig);
    } catch (RuntimeException e) {
      auditLog.close();
      throw e;
    }
    // Closing writes the final signed checkpoint, so a cleanly stopped master's log verifies OK. A
    // coordinated-shutdown task (which a SIGTERM runs before the JVM exits) rather than a
    // whenTerminated callback, which the JVM may not wait for; the latter stays for other paths
    // (close() is idempotent).
    CoordinatedShutdown.get(cluster).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "close-audit-log",
        () -> CompletableFuture.supplyAsync(() -> {
          auditLog.close();
          return Done.getInstance();
        }));
    cluster.getWhenTerminated().thenRun(auditLog::close);
    try {
      cluster.systemActorOf(Authorizer.create(authorization, authzSettings.policyFiles(), authzSettings.reloadInterval()),
          "authorizer", Props.empty());
      IdentitySeal seal = new IdentitySeal(settings.identityKey());
      LeaderMetrics leaderMetrics = new LeaderMetrics();
      ActorRef<RegistryActor.Command> registry = cluster.systemActorOf(
          RegistryActor.create(leaderSettings.registryTimeout()), "registry", Props.empty());
      ActorRef<Object> allocatorRelay = cluster.systemActorOf(Relay.create(), "allocator-relay", Props.empty());
      ClusterSingleton singletons = ClusterSingleton.get(cluster);
      var deps = new LeadingMaster.Dependencies(registry, allocatorRelay.narrow(), seal, leaderSettings,
          Clock.systemUTC(), leaderMetrics, authorization);
      ActorRef<LeaderProtocol.Command> leader = singletons.init(
          SingletonActor.of(LeadingMaster.create(deps), "leading-master"));
      ActorRef<AllocatorProtocol.Command> allocator = singletons.init(SingletonActor.of(
          AllocatorActor.create(registry, leader.narrow(), new DrfSettings(leaderSettings.allocationInterval(),
              leaderSettings.defaultRefuse(), Duration.ofDays(365), Duration.ZERO, DrfSettings.DEFAULTS.minAllocatable()),
              Clock.systemUTC()), "allocator"));
      allocatorRelay.tell(new Relay.Target<>(allocator));

      GatewayMetrics gatewayMetrics = new GatewayMetrics();
      TokenVerifier verifier = token -> {
        AcceptResult r = acceptor.accept(token);
        if (r instanceof AcceptResult.Authenticated a) {
          return new TokenVerifier.Verified(a.principal());
        }
        AcceptResult.Refused refused = (AcceptResult.Refused) r;
        return new TokenVerifier.Refused(refused.reason() + ": " + refused.detail());
      };
      var gatewayContext = new GatewayContext(cluster, leader, seal, verifier,
          new MasterAddress(settings.hostname(), settings.gatewayPort()).toString(), gatewaySettings, gatewayMetrics);
      Config gatewayConfig = SystemConfigs.forSystem(root, SystemConfigs.Kind.GATEWAY, settings.hostname(),
          settings.gatewayPort(), "citadel.master.gateway-tls");
      Behavior<Void> guardian = Behaviors.setup(ctx -> {
        ctx.spawn(MasterGateway.create(gatewayContext), MasterGateway.NAME);
        return Behaviors.empty();
      });
      ActorSystem<Void> gateway = ActorSystem.create(guardian, clusterName + "-gateway", gatewayConfig);
      cluster.getWhenTerminated().thenRun(gateway::terminate);
      cluster.log().info("Master started: cluster [{}:{}], gateway [{}:{}]", settings.hostname(), settings.clusterPort(),
          settings.hostname(), settings.gatewayPort());
      return new MasterNode(cluster, gateway, gatewayMetrics, leaderMetrics);
    } catch (RuntimeException e) {
      cluster.terminate();
      throw e;
    }
  }

  /** The audit log is signed with the master's cluster TLS key, so its certificate verifies the log. */
  private static AuditLog openAuditLog(Config root, AuthorizationSettings settings) throws Exception {
    String keyPath = "citadel.master.cluster-tls.private-key";
    if (!root.hasPath(keyPath)) {
      throw new IllegalArgumentException("Missing required key [" + keyPath + "]: it also signs the audit log");
    }
    try {
      return AuditLog.open(settings.auditFile(), Pem.readPrivateKey(Path.of(root.getString(keyPath))), Clock.systemUTC(),
          settings.audit());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("citadel.authorization.audit.file = [" + settings.auditFile()
          + "] cannot be opened: " + e.getMessage(), e);
    }
  }

  public GatewayMetrics gatewayMetrics() {
    return gatewayMetrics;
  }

  public LeaderMetrics leaderMetrics() {
    return leaderMetrics;
  }

  public ActorSystem<Void> clusterSystem() {
    return cluster;
  }

  @Override
  public CompletionStage<Void> whenTerminated() {
    return CompletableFuture.allOf(cluster.getWhenTerminated().toCompletableFuture(),
        gateway.getWhenTerminated().toCompletableFuture()).thenApply(x -> null);
  }

  @Override
  public void close() {
    gateway.terminate();
    cluster.terminate();
  }
}
