package io.citadel.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.security.audit.AuditLog;
import io.citadel.security.audit.AuditRecord;
import io.citadel.security.pki.CertRole;
import io.citadel.security.pki.CertificateAuthority;
import io.citadel.security.pki.IssuedCredential;
import io.citadel.security.pki.Pem;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code citadel policy check} and {@code citadel audit verify}, run through picocli as the CLI runs them. */
class OperatorCommandsTest {
  private static final String ACLS = """
      {"permissive": false,
       "register_frameworks": [{"principals": {"values": ["demo-framework"]}, "roles": {"values": ["demo", "*"]}}]}
      """;

  @TempDir
  Path dir;

  private record Run(int code, String out) {}

  private static Run run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int code = new CommandLine(new Main()).setExecutionExceptionHandler((e, cmd, parsed) -> {
        System.out.println("error: " + e.getMessage());
        return 2;
      }).execute(args);
      return new Run(code, buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(old);
    }
  }

  @Test
  void policyCheckPrintsTheDecisionAndItsPolicy() throws Exception {
    Path acls = Files.writeString(dir.resolve("acls.json"), ACLS);
    Run allow = run("policy", "check", "--policies", acls.toString(), "--principal", "demo-framework",
        "--action", "register_framework", "--object", "role=demo");
    assertThat(allow.code()).isZero();
    assertThat(allow.out()).containsPattern("(?m)^ALLOW policy=acls\\.json#register_frameworks\\[0\\]");

    // "*" is the literal default role, not a wildcard over every role.
    Run deny = run("policy", "check", "--policies", acls.toString(), "--principal", "demo-framework",
        "--action", "register_framework", "--object", "role=forbidden");
    assertThat(deny.code()).isEqualTo(1);
    assertThat(deny.out()).containsPattern("(?m)^DENY policy=default-deny");

    // A misspelt action is an error naming it, not a quiet DENY.
    Run bogus = run("policy", "check", "--policies", acls.toString(), "--principal", "demo-framework",
        "--action", "register_frameworks", "--object", "role=demo");
    assertThat(bogus.code()).isEqualTo(2);
    assertThat(bogus.out()).contains("unknown action [register_frameworks]");
  }

  @Test
  void policyCheckCanonicalisesWithTheConfigsRules() throws Exception {
    Path acls = Files.writeString(dir.resolve("acls.json"), ACLS);
    Path conf = Files.writeString(dir.resolve("node.conf"), "citadel.authorization.local-realms = [CITADEL.TEST]\n");
    Run allow = run("policy", "check", "--policies", acls.toString(), "--principal", "demo-framework@CITADEL.TEST",
        "--action", "register_framework", "--object", "role=demo", "--config", conf.toString());
    assertThat(allow.code()).isZero();
    assertThat(allow.out()).contains("principal=demo-framework ");
  }

  @Test
  void policyCheckNamesTheLineOfABadFile() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"permissive\": false,\n \"run_tasks\": [{\"principals\": }]}");
    Run r = run("policy", "check", "--policies", bad.toString(), "--principal", "p", "--action", "run_task");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).contains("bad.json").contains("2");
  }

  @Test
  void auditVerifyReportsOkIncompleteAndTampered() throws Exception {
    CertificateAuthority ca = CertificateAuthority.init(dir.resolve("ca"), "test CA", Duration.ofDays(1));
    IssuedCredential m1 = ca.issue(CertRole.MASTER, "m1", List.of("127.0.0.1"), Duration.ofDays(1), dir.resolve("pki"));
    Path log = dir.resolve("m1.audit.jsonl");
    try (AuditLog audit = AuditLog.open(log, Pem.readPrivateKey(m1.privateKey()), Clock.systemUTC(), AuditLog.Settings.defaults())) {
      audit.offer(new AuditRecord("demo-framework", "register_framework", "role=forbidden", false, "default-deny", "r1", 1));
      audit.offer(new AuditRecord("demo-framework", "register_framework", "role=demo", true, "acls.json#x", "r2", 1));
    }
    Run ok = run("audit", "verify", log.toString(), "--cert", m1.certificate().toString());
    assertThat(ok.code()).isZero();
    assertThat(ok.out()).contains("OK (3 lines, 2 records");

    List<String> lines = Files.readAllLines(log);
    Files.write(dir.resolve("truncated.jsonl"), lines.subList(0, 2));
    assertThat(run("audit", "verify", dir.resolve("truncated.jsonl").toString(), "--cert", m1.certificate().toString()).code())
        .isEqualTo(3);

    Files.write(dir.resolve("tampered.jsonl"), List.of(lines.get(0).replace("\"deny\"", "\"allow\""), lines.get(1), lines.get(2)));
    Run tampered = run("audit", "verify", dir.resolve("tampered.jsonl").toString(), "--cert", m1.certificate().toString());
    assertThat(tampered.code()).isEqualTo(1);
    assertThat(tampered.out()).contains("TAMPERED at line 1");
  }
}
