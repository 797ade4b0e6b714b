package io.citadel.runtime.cli;

import io.citadel.security.pki.CertRole;
import io.citadel.security.pki.CertificateAuthority;
import io.citadel.security.pki.IssuedCredential;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code citadel pki init|issue}: the cluster CA and per-node certificates. */
@Command(name = "pki", mixinStandardHelpOptions = true, description = "Manage the cluster CA and node certificates.",
    subcommands = {PkiCommand.Init.class, PkiCommand.Issue.class})
final class PkiCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(name = "init", mixinStandardHelpOptions = true, description = "Create a cluster CA in DIR (refuses to overwrite).")
  static final class Init implements Callable<Integer> {
    @Option(names = "--dir", required = true)
    Path dir;

    @Option(names = "--name", defaultValue = "Citadel cluster CA")
    String name;

    @Option(names = "--days", defaultValue = "3650")
    int days;

    @Override
    public Integer call() {
      CertificateAuthority ca = CertificateAuthority.init(dir, name, Duration.ofDays(days));
      System.out.println("CA created: " + ca.trustAnchorFile());
      return 0;
    }
  }

  @Command(name = "issue", mixinStandardHelpOptions = true, description = "Issue a leaf certificate for a role.")
  static final class Issue implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "The CA directory.")
    Path dir;

    @Option(names = "--role", required = true, description = "master, gateway, agent, framework or operator.")
    CertRole role;

    @Option(names = "--name", required = true)
    String name;

    @Option(names = "--san", description = "DNS name or IP address (repeatable).")
    List<String> sans = new ArrayList<>();

    @Option(names = "--days", defaultValue = "365")
    int days;

    @Option(names = "--out", description = "Output directory (default: the CA directory).")
    Path out;

    @Override
    public Integer call() {
      IssuedCredential c = CertificateAuthority.load(dir).issue(role, name, sans, Duration.ofDays(days), out == null ? dir : out);
      System.out.println("certificate: " + c.certificate() + "\nprivate key: " + c.privateKey() + "\nchain:       " + c.chain());
      return 0;
    }
  }
}
