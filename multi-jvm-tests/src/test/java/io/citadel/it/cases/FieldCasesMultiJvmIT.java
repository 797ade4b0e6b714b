package io.citadel.it.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.citadel.runtime.harness.LocalCluster;
import io.citadel.runtime.model.InvalidResourcesException;
import io.citadel.runtime.model.InvalidResourcesException.Violation;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.model.TaskStatusReason;
import io.citadel.runtime.protocol.FrameworkProtocol.CommandInfo;
import io.citadel.runtime.protocol.FrameworkProtocol.FrameworkInfo;
import io.citadel.runtime.protocol.FrameworkProtocol.Offer;
import io.citadel.runtime.protocol.FrameworkProtocol.TaskLaunch;
import io.citadel.runtime.protocol.TaskStatus;
import io.citadel.runtime.sdk.FrameworkDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Field cases B01, B02, B04, B08 and B28 through the real path: one master JVM, two agent JVMs and a
 * KDC JVM on loopback, a framework in this JVM, all over TLS 1.3 and Kerberos. One cluster serves the
 * whole class; the tests run in name order, and B08, which kills agent a2, only needs a1 afterwards.
 * Every test leaves a1 with nothing running, so the next one starts from a whole-agent offer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
@Timeout(120)
class FieldCasesMultiJvmIT {
  private static final String AGENT_RESOURCES = "cpus:4;mem:8192;disk:4096;ports:[31000-31999]";
  private static final Resources FULL = Resources.parse(AGENT_RESOURCES);
  private static final String A1 = LocalCluster.agentHost(1);
  private static final String A2 = LocalCluster.agentHost(2);
  private static final String TASK = "cpus:2;mem:1024";
  private static final Duration OFFER_WAIT = Duration.ofSeconds(30);
  private static final Duration TASK_WAIT = Duration.ofSeconds(60);

  private LocalCluster cluster;
  private TestingScheduler scheduler;
  private FrameworkDriver driver;

  @BeforeAll
  void startCluster(@TempDir Path dir) throws Exception {
    // actors-master's reference.conf sets exit-jvm = on for every ActorSystem of a JVM that has it on
    // the classpath, so closing a framework driver here would end the test JVM. The node JVMs are
    // started without this JVM's system properties and keep the master's setting.
    System.setProperty("pekko.coordinated-shutdown.exit-jvm", "off");
    ConfigFactory.invalidateCaches();
    cluster = new LocalCluster(dir, applicationConf(), 1, 2, AGENT_RESOURCES);
    cluster.prepare();
    cluster.startAll();
    scheduler = new TestingScheduler();
    driver = FrameworkDriver.start(cluster.frameworkSettings(), info(""), null, scheduler);
    TestingScheduler.await(() -> Optional.ofNullable(scheduler.registeredAs), Duration.ofSeconds(60),
        () -> "subscription; errors " + scheduler.errors + "\n" + cluster.masters().get(0).tail(40));
  }

  @AfterAll
  void stopCluster() {
    if (driver != null) {
      driver.close();
    }
    if (cluster != null) {
      // The node logs live in the temp dir, which is deleted: keep their tails in the test report.
      cluster.all().forEach(p -> System.out.println("---- " + p.name() + " ----\n" + p.tail(80)));
      cluster.close();
    }
  }

  @Test
  void B01_doubleAcceptOfOneOfferLaunchesOnce() throws Exception {
    Offer o1 = wholeOffer(A1);
    driver.accept(List.of(o1.id()), List.of(task("b01-t1", "sleep 1", TASK)), 0);
    driver.accept(List.of(o1.id()), List.of(task("b01-t2", "sleep 1", TASK)), 0);

    TaskStatus t2 = scheduler.awaitStatus("b01-t2", s -> s.state().isTerminal(), TASK_WAIT);
    assertThat(t2.state()).isEqualTo(TaskState.DROPPED);
    assertThat(t2.reason()).isEqualTo(TaskStatusReason.INVALID_OFFER);
    assertThat(t2.message()).contains(o1.id().value());
    scheduler.awaitStatus("b01-t1", s -> s.state() == TaskState.RUNNING, TASK_WAIT);
    assertThat(finalState("b01-t1")).isEqualTo(TaskState.FINISHED);

    // Variant: one accept that lists the offer twice is refused as a whole.
    Offer o2 = scheduler.takeOffer(A1, o -> o.resources().contains(Resources.parse(TASK)), OFFER_WAIT);
    driver.accept(List.of(o2.id(), o2.id()), List.of(task("b01-t3", "true", TASK)), 0);
    TaskStatus t3 = scheduler.awaitStatus("b01-t3", s -> s.state().isTerminal(), TASK_WAIT);
    assertThat(t3.state()).isEqualTo(TaskState.DROPPED);
    assertThat(t3.reason()).isEqualTo(TaskStatusReason.INVALID_OFFER);
    assertThat(t3.message()).contains("listed twice");

    // Exactly t1's resources were used and given back: a1 is offered whole again, and usable.
    Offer fresh = wholeOffer(A1);
    assertThat(fresh.id()).isNotIn(o1.id(), o2.id());
    driver.accept(List.of(fresh.id()), List.of(task("b01-t4", "true", TASK)), 0);
    assertThat(finalState("b01-t4")).isEqualTo(TaskState.FINISHED);
    assertThat(scheduler.statusesOf("b01-t2")).hasSize(1);
    assertThat(scheduler.statusesOf("b01-t3")).hasSize(1);
  }

  @Test
  void B02_reusedTaskIdIsRefusedAndAgentStaysUp() throws Exception {
    Offer onA2 = wholeOffer(A2);
    Offer first = wholeOffer(A1);
    driver.accept(List.of(first.id()), List.of(task("job-1", "sleep 8", "cpus:0.5;mem:64")), 0);
    scheduler.awaitStatus("job-1", s -> s.state() == TaskState.RUNNING, TASK_WAIT);

    // The same id again while the first copy runs: on the same agent, and on the other one.
    Offer again = scheduler.takeOffer(A1, o -> o.resources().contains(Resources.parse(TASK)), OFFER_WAIT);
    driver.accept(List.of(again.id()), List.of(task("job-1", "true", TASK)), 0);
    driver.accept(List.of(onA2.id()), List.of(task("job-1", "true", TASK)), 0);
    TestingScheduler.await(() -> errorsOf("job-1").size() == 2 ? Optional.of(true) : Optional.empty(), TASK_WAIT,
        () -> "two ERROR statuses of job-1; seen " + scheduler.statusesOf("job-1"));
    for (TaskStatus e : errorsOf("job-1")) {
      assertThat(e.reason()).isEqualTo(TaskStatusReason.DUPLICATE_TASK_ID);
      assertThat(e.message()).contains("job-1");
    }

    TaskStatus done = scheduler.awaitStatus("job-1", s -> s.state() == TaskState.FINISHED, TASK_WAIT);
    assertThat(done.exitCode()).isZero();
    List<TaskState> states = scheduler.statusesOf("job-1").stream().map(TaskStatus::state).toList();
    assertThat(states.indexOf(TaskState.FINISHED)).as("first copy finishes after both refusals: %s", states)
        .isGreaterThan(states.lastIndexOf(TaskState.ERROR));
    assertThat(states).containsOnlyOnce(TaskState.RUNNING, TaskState.FINISHED);

    // Variant: the id of a task that FINISHED (and was acknowledged) is not reused either.
    Offer later = scheduler.takeOffer(A1, o -> o.resources().contains(Resources.parse(TASK)), OFFER_WAIT);
    driver.accept(List.of(later.id()), List.of(task("job-1", "true", TASK)), 0);
    TestingScheduler.await(() -> errorsOf("job-1").size() == 3 ? Optional.of(true) : Optional.empty(), TASK_WAIT,
        () -> "a third ERROR status of job-1; seen " + scheduler.statusesOf("job-1"));
    assertThat(errorsOf("job-1").get(2).reason()).isEqualTo(TaskStatusReason.DUPLICATE_TASK_ID);
    assertThat(scheduler.statusesOf("job-1").stream().map(TaskStatus::state).toList()).containsOnlyOnce(TaskState.RUNNING);
    assertThat(cluster.agents()).allSatisfy(a -> assertThat(a.isAlive()).as(a.name() + " alive").isTrue());
  }

  @Test
  void B04_invalidResourcesRejectedAtSubmission() throws Exception {
    assertThat(violationFields(() -> Resources.parse("mem:-128;cpus:-1;ports:[-8080]"))).contains("mem", "cpus", "ports");
    assertThat(violationFields(() -> Resources.parse("cpus:0;mem:64"))).containsExactly("cpus");
    assertThat(violationFields(() -> Resources.parse("cpus:1;mem:0"))).containsExactly("mem");

    // The SDK validates a launch before sending it, so a bad one never reaches the master.
    Offer offer = wholeOffer(A1);
    assertThat(violationFields(() -> driver.accept(List.of(offer.id()), List.of(task("b04-disk", "true", "disk:1")), 0)))
        .containsExactly("cpus/mem");
    assertThat(violationFields(() -> driver.accept(List.of(offer.id()), List.of(task("b04-tiny", "true", "cpus:0.001;mem:64")), 0)))
        .containsExactly("cpus");

    // The offer is untouched: still usable, and afterwards a1 is offered whole again.
    driver.accept(List.of(offer.id()), List.of(task("b04-ok", "true", TASK)), 0);
    assertThat(finalState("b04-ok")).isEqualTo(TaskState.FINISHED);
    assertThat(scheduler.statusesOf("b04-disk")).isEmpty();
    assertThat(scheduler.statusesOf("b04-tiny")).isEmpty();
    Offer whole = wholeOffer(A1);
    driver.decline(List.of(whole.id()), 0);
    assertThat(whole.resources()).isEqualTo(FULL);
  }

  @Test
  void B07_taskLargerThanAnyAgentIsReportedAtOnce() throws Exception {
    int before = scheduler.errors.size();
    driver.request("huge-1", Resources.parse("cpus:73;mem:64"));
    TestingScheduler.ErrorCall e = TestingScheduler.await(() -> scheduler.errors.stream().skip(before).findFirst(),
        Duration.ofSeconds(30), () -> "an UNSATISFIABLE error for huge-1");
    assertThat(e.code()).isEqualTo("UNSATISFIABLE");
    assertThat(e.message()).contains("huge-1", "cpus 73 > largest agent 4");
    // Reported once, not every allocation round: a later request that fits adds no error of its own,
    // and by the time it has been handled no second report of huge-1 has come.
    driver.request("huge-2", Resources.parse("cpus:1;mem:300000"));
    TestingScheduler.ErrorCall e2 = TestingScheduler.await(() -> scheduler.errors.stream().skip(before + 1).findFirst(),
        Duration.ofSeconds(30), () -> "an UNSATISFIABLE error for huge-2");
    assertThat(e2.message()).contains("huge-2", "mem");
    assertThat(scheduler.errors.stream().skip(before).filter(x -> x.message().contains("huge-1")).count()).isEqualTo(1);
  }

  @Test
  void B08_acceptOfRescindedOfferGetsDistinctReason() throws Exception {
    // Hold all of a2, so that nothing of a2 could legitimately be offered again before its removal.
    Offer o7 = wholeOffer(A2);
    cluster.agents().get(1).kill9();
    TestingScheduler.Rescind rescind = TestingScheduler.await(
        () -> scheduler.rescinds.stream().filter(r -> r.offerId().equals(o7.id())).findFirst(), Duration.ofSeconds(40),
        () -> "rescind of [" + o7.id().value() + "]\n" + cluster.masters().get(0).tail(30));

    driver.accept(List.of(o7.id()), List.of(task("b08-t9", "true", TASK)), 0);
    TaskStatus t9 = scheduler.awaitStatus("b08-t9", s -> s.state().isTerminal(), TASK_WAIT);
    assertThat(t9.state()).isEqualTo(TaskState.DROPPED);
    assertThat(t9.reason()).isEqualTo(TaskStatusReason.OFFER_RESCINDED);

    // The master rescinds on disconnect and removes a2 after the ping timeout. An a1 offer made after
    // the removal shows the master still allocates; no offer made since the rescind may be for a2.
    cluster.masters().get(0).awaitLine("Removing agent [", Duration.ofSeconds(40));
    Offer later = freshOffer(A1);
    List<Offer> after = scheduler.offerLog.subList(rescind.offersBefore(), scheduler.offerLog.size());
    assertThat(after).contains(later).noneMatch(o -> o.hostname().equals(A2));
    assertThat(scheduler.held.values()).noneMatch(o -> o.hostname().equals(A2));
    driver.decline(List.of(later.id()), 0);
  }

  @Test
  void B28_declaredPrincipalMustMatchAuthenticated() throws Exception {
    TestingScheduler marathon = new TestingScheduler();
    try (FrameworkDriver d = FrameworkDriver.start(cluster.frameworkSettings(), info("marathon"), null, marathon)) {
      TestingScheduler.ErrorCall e = TestingScheduler.await(() -> marathon.errors.stream().findFirst(), Duration.ofSeconds(60),
          () -> "error for the declared principal [marathon]");
      assertThat(e.code()).isEqualTo("PRINCIPAL_MISMATCH");
      assertThat(e.message()).contains("marathon", LocalCluster.FRAMEWORK_PRINCIPAL + "@" + LocalCluster.REALM);
      assertThat(marathon.registeredAs).isNull();
    }
    for (String declared : List.of(LocalCluster.FRAMEWORK_PRINCIPAL, "")) {
      TestingScheduler s = new TestingScheduler();
      try (FrameworkDriver d = FrameworkDriver.start(cluster.frameworkSettings(), info(declared), null, s)) {
        TestingScheduler.await(() -> Optional.ofNullable(s.registeredAs), Duration.ofSeconds(60),
            () -> "subscription declaring [" + declared + "]; errors " + s.errors);
        assertThat(s.errors).isEmpty();
      }
    }
  }

  /** Declines every a-host offer that is not the whole agent until a whole one arrives (nothing running). */
  private Offer wholeOffer(String host) throws InterruptedException {
    long deadline = System.nanoTime() + TASK_WAIT.toNanos();
    while (true) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      Offer o = scheduler.takeOffer(host, x -> true, left);
      if (o.resources().equals(FULL)) {
        return o;
      }
      driver.decline(List.of(o.id()), 0);
    }
  }

  /** Declines the offers of {@code host} held now and returns the next one the master makes. */
  private Offer freshOffer(String host) throws InterruptedException {
    List<Offer> stale = scheduler.held.values().stream().filter(o -> o.hostname().equals(host)).toList();
    stale.forEach(o -> scheduler.held.remove(o.id()));
    driver.decline(stale.stream().map(Offer::id).toList(), 0);
    return scheduler.takeOffer(host, o -> !stale.contains(o), OFFER_WAIT);
  }

  private TaskState finalState(String task) throws InterruptedException {
    return scheduler.awaitStatus(task, s -> s.state().isTerminal(), TASK_WAIT).state();
  }

  private List<TaskStatus> errorsOf(String task) {
    return scheduler.statusesOf(task).stream().filter(s -> s.state() == TaskState.ERROR).toList();
  }

  private static List<String> violationFields(ThrowingCall call) {
    try {
      call.run();
    } catch (InvalidResourcesException e) {
      return e.violations().stream().map(Violation::field).toList();
    } catch (Exception e) {
      throw new AssertionError("expected InvalidResourcesException, got " + e, e);
    }
    throw new AssertionError("expected InvalidResourcesException, nothing was thrown");
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void run() throws Exception;
  }

  private static TaskLaunch task(String id, String command, String resources) {
    return new TaskLaunch(TaskId.of(id), id, Resources.parse(resources), CommandInfo.shell(command));
  }

  private static FrameworkInfo info(String declaredPrincipal) {
    return new FrameworkInfo("field-cases", List.of("demo"), declaredPrincipal, "", 0);
  }

  private static Path applicationConf() {
    for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("application.conf")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p.resolve("application.conf");
      }
    }
    throw new IllegalStateException("no application.conf above [" + System.getProperty("user.dir") + "]");
  }
}
