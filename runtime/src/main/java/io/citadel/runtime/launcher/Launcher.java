package io.citadel.runtime.launcher;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the roles named in {@code citadel.node.roles} and waits until one of them stops. Prints the
 * readiness line {@value #READY_LINE} once every role has started, which the demo and the multi-JVM
 * tests wait for.
 */
public final class Launcher {
  public static final String READY_LINE = "CITADEL-NODE-READY";
  private static final Logger log = LoggerFactory.getLogger(Launcher.class);

  private Launcher() {}

  public static Map<String, NodeRole> availableRoles() {
    Map<String, NodeRole> roles = new TreeMap<>();
    for (NodeRole r : ServiceLoader.load(NodeRole.class)) {
      roles.put(r.name(), r);
    }
    return roles;
  }

  /** Starts the named roles; returns when any of them terminates. */
  public static void run(Config config, List<String> roleNames) throws Exception {
    Map<String, NodeRole> available = availableRoles();
    if (roleNames.isEmpty()) {
      throw new IllegalArgumentException("config key [citadel.node.roles]: no role to run; available: " + available.keySet());
    }
    List<NodeRole.RunningRole> running = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(NodeRole.RunningRole::close), "citadel-shutdown"));
    for (String name : roleNames) {
      NodeRole role = available.get(name);
      if (role == null) {
        throw new IllegalArgumentException("config key [citadel.node.roles]: unknown role [" + name + "]; available: " + available.keySet());
      }
      log.info("Starting role [{}]", name);
      running.add(role.start(config));
    }
    System.out.println(READY_LINE + " roles=" + roleNames);
    System.out.flush();
    CompletableFuture<?>[] all = running.stream().map(r -> r.whenTerminated().toCompletableFuture()).toArray(CompletableFuture[]::new);
    CompletableFuture.anyOf(all).join();
    log.info("A role stopped; stopping the node");
    running.forEach(NodeRole.RunningRole::close);
  }
}
