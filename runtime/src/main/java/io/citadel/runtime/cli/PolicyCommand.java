package io.citadel.runtime.cli;

import io.citadel.security.policy.AccessRequest;
import io.citadel.security.policy.Decision;
import io.citadel.security.policy.PolicyLoader;
import io.citadel.security.policy.PolicySet;
import io.citadel.security.policy.PrincipalCanonicalizer;
import io.citadel.security.policy.Subject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code citadel policy check}: an operator's offline dry run of one decision against policy files,
 * printing ALLOW or DENY and the deciding policy id. Nothing is audited. Exit 0 on allow, 1 on deny,
 * 2 when a file or argument is bad.
 */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Work with authorization policy files.",
    subcommands = {PolicyCommand.Check.class})
final class PolicyCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Decide one request against policy files (exit 0: ALLOW, 1: DENY).")
  static final class Check implements Callable<Integer> {
    @Option(names = "--policies", required = true, split = ",", description = "Policy file(s), in load order.")
    List<Path> policies = new ArrayList<>();

    @Option(names = "--principal", required = true,
        description = "The principal, as Kerberos authenticates it (canonicalised with --config's rules, if given).")
    String principal;

    @Option(names = "--action", required = true, description = "e.g. register_framework, run_task, register_agent.")
    String action;

    @Option(names = "--object", split = ",", description = "kind=value[,kind=value], e.g. role=eng/frontend or user=alice.")
    Map<String, String> object = new LinkedHashMap<>();

    @Option(names = "--config", description = "A node config whose citadel.authorization block gives realms, rules, groups and roles.")
    Path config;

    @Override
    public Integer call() {
      if (!io.citadel.security.policy.Actions.ALL.contains(action)) {
        throw new IllegalArgumentException("unknown action [" + action + "]; actions: " + io.citadel.security.policy.Actions.ALL);
      }
      PrincipalCanonicalizer canonicalizer = config == null
          ? new PrincipalCanonicalizer(List.of(), List.of(), Map.of(), Map.of())
          : PrincipalCanonicalizer.fromConfig(Configs.load(config), "citadel.authorization");
      PolicySet set = new PolicyLoader().load(policies);
      Subject subject = canonicalizer.subject(principal);
      Decision d = set.evaluate(AccessRequest.of(subject, action, object));
      System.out.println((d.allowed() ? "ALLOW" : "DENY") + " policy=" + d.policyId() + " principal=" + subject.user()
          + " action=" + action + " object=" + object + (d.reason().isEmpty() ? "" : " (" + d.reason() + ")"));
      return d.allowed() ? 0 : 1;
    }
  }
}
