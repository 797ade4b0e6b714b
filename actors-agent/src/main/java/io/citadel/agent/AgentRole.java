package io.citadel.agent;

import com.typesafe.config.Config;
import io.citadel.runtime.launcher.NodeRole;

/** The {@code agent} node role, found by the launcher through {@link java.util.ServiceLoader}. */
public final class AgentRole implements NodeRole {
  @Override
  public String name() {
    return "agent";
  }

  @Override
  public RunningRole start(Config config) throws Exception {
    return AgentNode.start(config);
  }

  @Override
  public void check(Config config) throws Exception {
    AgentNode.check(config);
  }
}
