package io.citadel.master.allocator.drf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The DRF paper's worked example (Ghodsi et al., NSDI 2011, section 4) and two variants, played as
 * progressive filling: every round the single agent's free resources go to the lowest dominant
 * share; the framework launches one task if it fits and declines the rest.
 */
class DrfPaperTest {

  @Test
  void paperExample_aRunsThreeTasksBRunsTwo_bothAtTwoThirds() {
    // 9 CPUs, 18 GB. A: <1 CPU, 4 GB> per task (dominant: memory), B: <3 CPUs, 1 GB> (dominant: CPU).
    TestingCluster c = new TestingCluster().agent("s1", "cpus:9;mem:18000")
        .scheduler("a", "a", "cpus:1;mem:4000").scheduler("b", "b", "cpus:3;mem:1000");
    c.runUntilQuiet(5, 100);
    assertThat(c.tasks("a")).isEqualTo(3);
    assertThat(c.tasks("b")).isEqualTo(2);
    assertThat(c.allocator.roleShare("a")).isCloseTo(2.0 / 3, within(1e-9)); // 12 GB / 18 GB
    assertThat(c.allocator.roleShare("b")).isCloseTo(2.0 / 3, within(1e-9)); // 6 CPUs / 9 CPUs
  }

  @Test
  void weightedVariant_weightTwoGetsTwiceTheDominantShare() {
    // 9 CPUs, 18 GB; both run <1 CPU, 2 GB>; role b has weight 2. Progressive filling by weighted
    // share (share / weight), ties by name: A1, B1, B2, A2, B3, B4, A3, B5, B6 -> cpus exhausted.
    TestingCluster c = new TestingCluster().agent("s1", "cpus:9;mem:18000")
        .scheduler("a", "a", "cpus:1;mem:2000").scheduler("b", "b", "cpus:1;mem:2000");
    c.allocator.setWeight("b", 2.0);
    c.runUntilQuiet(5, 100);
    assertThat(c.tasks("a")).isEqualTo(3);
    assertThat(c.tasks("b")).isEqualTo(6);
    // Unweighted dominant shares: A 3/9, B 6/9 -- twice A's. Weighted, both 1/3.
    assertThat(c.allocator.roleShare("a")).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(c.allocator.roleShare("b")).isCloseTo(1.0 / 3, within(1e-9));
  }

  @Test
  void threeFrameworks_computedByHand() {
    // 12 CPUs, 24 GB. A <1 CPU, 4 GB>, B <3 CPUs, 1 GB>, C <2 CPUs, 2 GB>. Ties go by name.
    //  step  shares before (A, B, C)   winner  after
    //   1    0,    0,    0             A       A = 4/24 = 1/6
    //   2    1/6,  0,    0             B       B = 3/12 = 1/4
    //   3    1/6,  1/4,  0             C       C = 2/12 = 1/6
    //   4    1/6,  1/4,  1/6           A (tie) A = 8/24 = 1/3
    //   5    1/3,  1/4,  1/6           C       C = 4/12 = 1/3
    //   6    1/3,  1/4,  1/3           B       B = 6/12 = 1/2   -> 12 CPUs used, 10 GB left, no task fits.
    TestingCluster c = new TestingCluster().agent("s1", "cpus:12;mem:24000")
        .scheduler("a", "a", "cpus:1;mem:4000").scheduler("b", "b", "cpus:3;mem:1000")
        .scheduler("c", "c", "cpus:2;mem:2000");
    c.runUntilQuiet(5, 100);
    assertThat(c.tasks("a")).isEqualTo(2);
    assertThat(c.tasks("b")).isEqualTo(2);
    assertThat(c.tasks("c")).isEqualTo(2);
    assertThat(c.allocator.roleShare("a")).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(c.allocator.roleShare("b")).isCloseTo(1.0 / 2, within(1e-9));
    assertThat(c.allocator.roleShare("c")).isCloseTo(1.0 / 3, within(1e-9));
  }
}
