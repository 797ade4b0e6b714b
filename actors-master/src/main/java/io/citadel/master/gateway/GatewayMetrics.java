package io.citadel.master.gateway;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one gateway, read by the operator API and by tests. Thread-safe. */
public final class GatewayMetrics {
  private final AtomicLong authenticated = new AtomicLong();
  private final AtomicLong refusedAuthentications = new AtomicLong();
  private final AtomicLong refusedCalls = new AtomicLong();

  void authenticated() {
    authenticated.incrementAndGet();
  }

  void refusedAuthentication() {
    refusedAuthentications.incrementAndGet();
  }

  void refusedCall() {
    refusedCalls.incrementAndGet();
  }

  public long authenticatedCount() {
    return authenticated.get();
  }

  public long refusedAuthenticationCount() {
    return refusedAuthentications.get();
  }

  public long refusedCallCount() {
    return refusedCalls.get();
  }
}
