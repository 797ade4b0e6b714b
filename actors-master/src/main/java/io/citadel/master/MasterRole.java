package io.citadel.master;

import com.typesafe.config.Config;
import io.citadel.runtime.launcher.NodeRole;

/** The {@code master} node role, found by the launcher through {@link java.util.ServiceLoader}. */
public final class MasterRole implements NodeRole {
  @Override
  public String name() {
    return "master";
  }

  @Override
  public RunningRole start(Config config) throws Exception {
    return MasterNode.start(config);
  }

  @Override
  public void check(Config config) throws Exception {
    MasterNode.check(config);
  }
}
