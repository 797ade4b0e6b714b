package io.citadel.runtime.cli;

import io.citadel.runtime.demo.TaskQueueScheduler;
import io.citadel.runtime.model.Resources;
import io.citadel.runtime.model.TaskId;
import io.citadel.runtime.model.TaskState;
import io.citadel.runtime.protocol.FrameworkProtocol.CommandInfo;
import io.citadel.runtime.protocol.FrameworkProtocol.FrameworkInfo;
import io.citadel.runtime.protocol.FrameworkProtocol.TaskLaunch;
import io.citadel.runtime.sdk.DriverSettings;
import io.citadel.runtime.sdk.FrameworkDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code citadel execute}: like {@code mesos-execute}, runs one task and exits with its exit code. */
@Command(name = "execute", mixinStandardHelpOptions = true,
    description = {"Authenticate, run one command task, print its state changes and stdout tail, exit with its exit code.",
        "Other exit codes: 69 no master reachable or authentication failed, 77 not authorized, 124 timeout, 1 other errors."})
final class ExecuteCommand implements Callable<Integer> {
  @Option(names = "--masters", required = true, description = "host:port[,host:port...] of the masters' gateways.")
  String masters;

  @Option(names = "--principal", required = true, description = "Kerberos principal to authenticate as, with @REALM.")
  String principal;

  @Option(names = "--keytab", required = true, description = "Keytab holding that principal's key.")
  Path keytab;

  @Option(names = "--krb5-conf", required = true, description = "krb5.conf naming the KDC of the principal's realm.")
  Path krb5Conf;

  @Option(names = "--ca", required = true, description = "The cluster CA certificate (PEM).")
  Path ca;

  @Option(names = "--cert", required = true, description = "This client's FRAMEWORK certificate chain (PEM).")
  Path cert;

  @Option(names = "--key", required = true, description = "Its private key (PEM).")
  Path key;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address masters can reach this client on.")
  String host;

  @Option(names = "--name", required = true, description = "Task name; the task id is NAME-<suffix>.")
  String name;

  @Option(names = "--command", required = true, description = "Shell command to run in the task's sandbox ($CITADEL_SANDBOX).")
  String command;

  @Option(names = "--resources", defaultValue = "cpus:0.1;mem:32",
      description = "Mesos syntax: cpus:N;mem:MB;disk:MB;ports:[A-B] (default: ${DEFAULT-VALUE}).")
  String resources;

  @Option(names = "--role", defaultValue = "*", description = "Role to register with (default: ${DEFAULT-VALUE}).")
  String role;

  @Option(names = "--timeout", defaultValue = "300", description = "Seconds to wait for the task (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    Resources res = Resources.parse(resources).validateForTask();
    var settings = DriverSettings.of(Arrays.asList(masters.split(",")), host, krb5Conf, principal, keytab, cert, key, ca);
    var scheduler = new TaskQueueScheduler(System.out, s -> { });
    TaskId id = TaskId.of(name + "-" + Long.toString(System.currentTimeMillis(), 36));
    scheduler.submit(List.of(new TaskLaunch(id, name, res, CommandInfo.shell(command))));
    try (FrameworkDriver driver = FrameworkDriver.start(settings, new FrameworkInfo("citadel-execute", List.of(role), "", "", 0),
        null, scheduler)) {
      Duration reach = Duration.ofSeconds(Math.min(timeoutSeconds, 30));
      if (!scheduler.awaitRegistered(reach)) {
        System.err.println("could not reach and authenticate to any master of [" + masters + "] within " + reach.toSeconds()
            + " s (last failure: " + scheduler.lastDisconnect() + ")");
        return 69;
      }
      if (scheduler.fatalError() != null || !scheduler.awaitAll(Duration.ofSeconds(timeoutSeconds))) {
        if (scheduler.fatalError() == null) {
          System.err.println("task did not finish within " + timeoutSeconds + " s; tearing the framework down kills it");
          driver.teardown();
          return 124;
        }
        System.err.println("refused: " + scheduler.fatalError());
        String code = scheduler.fatalCode();
        return "UNAUTHORIZED".equals(code) || "PRINCIPAL_MISMATCH".equals(code) ? 77 : 1;
      }
      var result = scheduler.results().get(id).status();
      System.out.println("--- stdout (tail) ---");
      System.out.print(result.data());
      driver.teardown();
      if (result.state() == TaskState.FINISHED) {
        return 0;
      }
      return result.exitCode() != null ? result.exitCode() : 1;
    }
  }
}
