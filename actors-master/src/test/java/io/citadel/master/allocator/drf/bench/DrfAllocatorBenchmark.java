package io.citadel.master.allocator.drf.bench;

import io.citadel.master.allocator.drf.AgentInfo;
import io.citadel.master.allocator.drf.AllocationResult;
import io.citadel.master.allocator.drf.DrfAllocator;
import io.citadel.master.allocator.drf.DrfSettings;
import io.citadel.master.allocator.drf.FrameworkInfo;
import io.citadel.master.allocator.drf.Offer;
import io.citadel.master.allocator.drf.RoleQuota;
import io.citadel.runtime.model.AgentId;
import io.citadel.runtime.model.AgentResources;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Allocation round time of {@link DrfAllocator}, defined as Mesos's
 * {@code hierarchical_allocator_benchmarks} do: all agents and frameworks are added and every
 * resource is recovered (outside the timing), then one full allocation pass is timed. Each agent has
 * {@code cpus:24;mem:96000;disk:100000;ports:[31000-32000]}; each framework has a role of its own.
 *
 * <p>{@code filtered=true}: half the frameworks (the even ones) filter half the agents (the even
 * ones): each filtered agent carries long decline filters, covering all its resources, from
 * {@code min(frameworks/2, 8)} of those frameworks in rotation (the filters a round of declines would
 * leave; a full cross product would be 75 million filters at 50k × 6k).
 *
 * <p>Run with the command in {@code docs/benchmarks.md} ("DRF allocator").
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DrfAllocatorBenchmark {
  static final AgentResources AGENT = AgentResources.parse("cpus:24;mem:96000;disk:100000;ports:[31000-32000]");
  static final long NOW = 1_000_000;

  /** The fair-share round: agents × frameworks, with or without filters. */
  @State(Scope.Benchmark)
  public static class FairShare {
    @Param({"1000", "10000", "50000"})
    public int agents;
    @Param({"10", "100", "1000", "6000"})
    public int frameworks;
    @Param({"false", "true"})
    public boolean filtered;
    DrfAllocator allocator;

    @Setup(Level.Trial)
    public void build() {
      allocator = new DrfAllocator(DrfSettings.DEFAULTS, 1);
      for (int i = 0; i < frameworks; i++) {
        allocator.addFramework(FrameworkInfo.of(FrameworkId.of("fw-" + i), "role-" + i));
      }
      for (int j = 0; j < agents; j++) {
        allocator.addAgent(AgentInfo.of(AgentId.of("agent-" + j), "agent-" + j, AGENT), List.of());
      }
      if (filtered) {
        int half = Math.max(1, frameworks / 2);
        int perAgent = Math.min(half, 8);
        for (int j = 0; j < agents; j += 2) {
          for (int k = 0; k < perAgent; k++) {
            int fw = 2 * ((j / 2 + k) % half);
            allocator.addFilter(FrameworkId.of("fw-" + fw), "role-" + fw, AgentId.of("agent-" + j), AGENT,
                86_400.0, NOW);
          }
        }
      }
    }

    @Setup(Level.Invocation)
    public void recoverAll() {
      Bench.recoverAll(allocator);
    }
  }

  /** The quota round: 3k agents, 3k roles each guaranteed half an agent, one framework each. */
  @State(Scope.Benchmark)
  public static class Quota {
    DrfAllocator allocator;

    @Setup(Level.Trial)
    public void build() {
      allocator = new DrfAllocator(DrfSettings.DEFAULTS, 1);
      RoleQuota q = RoleQuota.guarantee(Resources.parse("cpus:12;mem:48000"));
      for (int i = 0; i < 3_000; i++) {
        allocator.addFramework(FrameworkInfo.of(FrameworkId.of("fw-" + i), "role-" + i));
        allocator.setQuota("role-" + i, q);
      }
      for (int j = 0; j < 3_000; j++) {
        allocator.addAgent(AgentInfo.of(AgentId.of("agent-" + j), "agent-" + j, AGENT), List.of());
      }
    }

    @Setup(Level.Invocation)
    public void recoverAll() {
      Bench.recoverAll(allocator);
    }
  }

  @Benchmark
  public AllocationResult fairShareRound(FairShare s) {
    return s.allocator.allocate(NOW);
  }

  @Benchmark
  public AllocationResult quotaRound(Quota s) {
    return s.allocator.allocate(NOW);
  }

  /** Helpers shared by the states. */
  static final class Bench {
    private Bench() {}

    static void recoverAll(DrfAllocator allocator) {
      List<Offer> all = new ArrayList<>(allocator.outstandingOffers());
      for (Offer o : all) {
        allocator.recoverOffer(o.id());
      }
    }
  }
}
