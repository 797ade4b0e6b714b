package io.citadel.agent;

import com.typesafe.config.Config;
import io.citadel.runtime.client.ClientSettings;
import io.citadel.runtime.client.MasterConnection;
import io.citadel.runtime.launcher.NodeRole;
import io.citadel.runtime.launcher.SystemConfigs;
import io.citadel.runtime.protocol.GatewayProtocol.ClientKind;
import io.citadel.security.kerberos.KerberosInitiator;
import io.citadel.security.kerberos.KerberosSettings;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/** One agent JVM: an untrusted-mode actor system presenting an AGENT certificate, running {@link Agent}. */
public final class AgentNode implements NodeRole.RunningRole {
  private final ActorSystem<Agent.Command> system;
  private final KerberosInitiator initiator;

  private AgentNode(ActorSystem<Agent.Command> system, KerberosInitiator initiator) {
    this.system = system;
    this.initiator = initiator;
  }

  /** Validates what {@link #start} reads, without starting anything. */
  public static void check(Config root) throws Exception {
    AgentSettings.fromConfig(root);
    KerberosSettings kerberos = KerberosSettings.fromConfig(root, "citadel.agent.kerberos");
    ClientSettings.fromConfig(root, kerberos.realm());
    SystemConfigs.checkTls(root, SystemConfigs.Kind.AGENT, "citadel.agent.tls");
  }

  public static AgentNode start(Config root) throws Exception {
    AgentSettings settings = AgentSettings.fromConfig(root);
    KerberosSettings kerberos = KerberosSettings.fromConfig(root, "citadel.agent.kerberos");
    ClientSettings client = ClientSettings.fromConfig(root, kerberos.realm());
    KerberosInitiator initiator = KerberosInitiator.login(kerberos);
    Config config = SystemConfigs.forSystem(root, SystemConfigs.Kind.AGENT, settings.hostname(), settings.port(),
        "citadel.agent.tls");
    var behavior = Agent.create(settings,
        owner -> MasterConnection.create(client, ClientKind.AGENT, initiator::initiate, owner), Clock.systemUTC());
    ActorSystem<Agent.Command> system = ActorSystem.create(behavior, root.getString("citadel.cluster-name") + "-agent", config);
    system.log().info("Agent started at [{}] with resources [{}]", settings.hostname(), settings.resources());
    return new AgentNode(system, initiator);
  }

  @Override
  public CompletionStage<Void> whenTerminated() {
    return system.getWhenTerminated().thenApply(d -> null);
  }

  @Override
  public void close() {
    system.terminate();
    initiator.close();
  }
}
