package io.citadel.runtime.launcher;

import com.typesafe.config.Config;

/**
 * A role a Citadel JVM can run ({@code master}, {@code agent}). Role modules register an
 * implementation through {@link java.util.ServiceLoader} ({@code META-INF/services}), so the launcher
 * in {@code runtime} starts them by name without importing them.
 */
public interface NodeRole {

  /** The name used in {@code citadel.node.roles}. */
  String name();

  /**
   * Starts the role from the node's full configuration. Fails fast, with a message naming the key
   * path or file, when security material or settings are missing or invalid.
   */
  RunningRole start(Config config) throws Exception;

  /**
   * Validates everything {@link #start} would read — settings, key material (TLS self-test), keytabs,
   * policy files — without starting anything; throws with a message naming the key path or file.
   * Used by {@code citadel config-check}.
   */
  void check(Config config) throws Exception;

  /** A started role; closing it stops it. */
  interface RunningRole extends AutoCloseable {
    /** Completes when the role has stopped by itself (for example after being downed). */
    java.util.concurrent.CompletionStage<Void> whenTerminated();

    @Override
    void close();
  }
}
