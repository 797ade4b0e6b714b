package io.citadel.runtime.cli;

import io.citadel.security.audit.AuditVerifier;
import io.citadel.security.audit.VerifyReport;
import io.citadel.security.pki.Pem;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code citadel audit verify}: proves a master's audit log against the certificate of the key that
 * signed its checkpoints (the master's cluster TLS certificate). Exit 0: OK; 1: TAMPERED; 3: INCOMPLETE
 * (chain intact, but the tail is not covered by a final checkpoint: the master is running, crashed, or
 * the file was truncated); 2: a bad argument or unreadable file.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Work with masters' audit logs.",
    subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check an audit log's hash chain and signed checkpoints (exit 0 OK, 1 TAMPERED, 3 INCOMPLETE).")
  static final class Verify implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The audit log file.")
    Path file;

    @Option(names = "--cert", required = true, description = "PEM certificate of the signing master (its cluster TLS certificate).")
    Path cert;

    @Override
    public Integer call() throws Exception {
      VerifyReport report = AuditVerifier.verify(file, Pem.readCertificate(cert));
      System.out.println(file + ": " + report);
      return switch (report.status()) {
        case OK -> 0;
        case TAMPERED -> 1;
        case INCOMPLETE -> 3;
      };
    }
  }
}
