package io.citadel.master.allocator.drf.bench;

/**
 * Launcher for the allocator benchmarks, so that one {@code java -cp ...} command runs them
 * (see {@code docs/benchmarks.md}, "DRF allocator"). Passes its arguments to JMH.
 */
public final class BenchmarkMain {
  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    org.openjdk.jmh.Main.main(args);
  }
}
