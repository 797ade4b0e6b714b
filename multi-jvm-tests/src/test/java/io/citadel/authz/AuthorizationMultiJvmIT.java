package io.citadel.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.runtime.demo.TaskQueueScheduler;
import io.citadel.runtime.harness.LocalCluster;
import io.citadel.runtime.harness.LocalPolicies;
import io.citadel.runtime.harness.NodeProcess;
import io.citadel.runtime.model.FrameworkId;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.protocol.FrameworkProtocol.CommandInfo;
import io.citadel.runtime.protocol.FrameworkProtocol.FrameworkInfo;
import io.citadel.runtime.protocol.FrameworkProtocol.Offer;
import io.citadel.runtime.protocol.FrameworkProtocol.TaskLaunch;
import io.citadel.runtime.protocol.TaskStatus;
import io.citadel.runtime.sdk.FrameworkDriver;
import io.citadel.runtime.sdk.Scheduler;
import io.citadel.security.audit.AuditVerifier;
import io.citadel.security.audit.VerifyReport;
import io.citadel.security.pki.Pem;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enforcement through the real master path: one master JVM and one agent JVM made by
 * {@link LocalCluster} (TLS, Kerberos, the local Mesos ACL policy file), a framework in this JVM.
 * A subscription for a role no policy allows is refused with UNAUTHORIZED; one for {@code demo} runs a
 * task to FINISHED; the master's audit log then verifies and holds the refusal.
 */
class AuthorizationMultiJvmIT {
  @TempDir
  Path dir;

  private LocalCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aForbiddenRoleIsRefusedAnAllowedOneRunsAndTheAuditLogVerifies() throws Exception {
    cluster = new LocalCluster(dir, applicationConf(), 1, 1, "cpus:2;mem:1024;disk:1024;ports:[31000-31099]");
    try {
      cluster.prepare();
      cluster.startAll();

      CompletableFuture<String> error = new CompletableFuture<>();
      var forbidden = new FrameworkInfo("forbidden-fw", List.of("forbidden"), "", "", 0);
      try (FrameworkDriver driver = FrameworkDriver.start(cluster.frameworkSettings(), forbidden, null, new ErrorOnly(error))) {
        assertThat(error.get(60, TimeUnit.SECONDS)).startsWith("UNAUTHORIZED:").contains("[forbidden]");
        assertThat(driver.frameworkId()).isNull();
      }

      TaskQueueScheduler scheduler = new TaskQueueScheduler(new PrintStream(System.out, true), s -> { });
      var demo = new FrameworkInfo("demo-fw", List.of("demo"), "", "", 0);
      try (FrameworkDriver driver = FrameworkDriver.start(cluster.frameworkSettings(), demo, null, scheduler)) {
        scheduler.submit(List.of(new TaskLaunch(TaskId.of("hello"), "hello", Resources.parse("cpus:0.1;mem:32"),
            CommandInfo.shell("echo hello"))));
        assertThat(scheduler.awaitAll(Duration.ofMinutes(2))).as("task done, error: " + scheduler.fatalError()).isTrue();
        TaskStatus status = scheduler.results().get(TaskId.of("hello")).status();
        assertThat(status.state()).isEqualTo(TaskState.FINISHED);
        driver.teardown();
      }
    } catch (Throwable t) {
      for (NodeProcess p : cluster.all()) {
        System.out.println("---- " + p.name() + "\n" + p.tail(80));
      }
      throw t;
    }
    // A SIGTERM lets the master close its log with a final signed checkpoint; a slow stop leaves it INCOMPLETE.
    cluster.masters().get(0).stop(Duration.ofSeconds(20));

    Path audit = LocalPolicies.auditFile(dir, 1);
    VerifyReport report = AuditVerifier.verify(audit, Pem.readCertificate(dir.resolve("pki/m1.chain.pem")));
    System.out.println("audit log of m1: " + report);
    assertThat(report.status()).as(report.toString()).isIn(VerifyReport.Status.OK, VerifyReport.Status.INCOMPLETE);
    List<String> lines = Files.readAllLines(audit);
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"principal\":\"demo-framework\"",
        "\"action\":\"register_framework\"", "\"object\":\"role=forbidden\"", "\"decision\":\"deny\""));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"action\":\"run_task\"",
        "\"object\":\"user=demo-framework\"", "\"decision\":\"allow\""));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"action\":\"register_agent\"", "\"decision\":\"allow\""));
  }

  private static Path applicationConf() {
    Path here = Path.of("application.conf").toAbsolutePath();
    return Files.isRegularFile(here) ? here : here.getParent().getParent().resolve("application.conf");
  }

  /** Records the first error; offers are declined. */
  private record ErrorOnly(CompletableFuture<String> error) implements Scheduler {
    @Override
    public void registered(FrameworkDriver driver, FrameworkId frameworkId, long masterEpoch) {
      error.complete("REGISTERED: unexpectedly, as " + frameworkId.value());
    }

    @Override
    public void resourceOffers(FrameworkDriver driver, List<Offer> offers) {
      driver.decline(offers.stream().map(Offer::id).toList(), 30);
    }

    @Override
    public void statusUpdate(FrameworkDriver driver, TaskStatus status) {}

    @Override
    public void error(FrameworkDriver driver, String code, String message) {
      error.complete(code + ": " + message);
    }
  }
}
