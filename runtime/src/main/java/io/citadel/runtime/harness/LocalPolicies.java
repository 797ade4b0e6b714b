package io.citadel.runtime.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The authorization part of a {@link LocalCluster}: a Mesos ACL policy file in the cluster directory
 * and each master's {@code citadel.authorization} block. The policies allow principal
 * {@value LocalCluster#FRAMEWORK_PRINCIPAL} to register roles {@code demo} and {@code *}, run tasks as
 * any user and tear down its own frameworks, and the cluster's agents ({@code agent/127.0.0.N}, the
 * realm stripped by an {@code auth-to-local} rule) to register from their own hosts; everything
 * else is refused ({@code permissive: false}). Stateless.
 */
public final class LocalPolicies {
  /** File name of the policy file in the cluster directory. */
  public static final String FILE = "policies.json";

  private LocalPolicies() {}

  /**
   * Writes the policy file for agents on {@code agentHosts} into {@code dir}. Mesos ACL values match
   * exactly (no wildcards), so every agent principal ({@code agent/<host>}) and host is listed.
   */
  static Path write(Path dir, List<String> agentHosts) throws IOException {
    String agents = agentHosts.stream().map(h -> "\"agent/" + h + "\"").collect(Collectors.joining(", "));
    String hosts = agentHosts.stream().map(h -> "\"" + h + "\"").collect(Collectors.joining(", "));
    String fw = "{\"values\": [\"" + LocalCluster.FRAMEWORK_PRINCIPAL + "\"]}";
    String json = "{\"permissive\": false,\n"
        + " \"register_frameworks\": [{\"principals\": " + fw + ", \"roles\": {\"values\": [\"demo\", \"*\"]}}],\n"
        + " \"run_tasks\": [{\"principals\": " + fw + ", \"users\": {\"type\": \"ANY\"}}],\n"
        + " \"teardown_frameworks\": [{\"principals\": " + fw + ", \"framework_principals\": " + fw + "}],\n"
        + " \"register_agents\": [{\"principals\": {\"values\": [" + agents + "]}, \"agents\": {\"values\": [" + hosts + "]}}]}\n";
    Path file = dir.resolve(FILE);
    Files.writeString(file, json, StandardCharsets.UTF_8);
    return file;
  }

  /** The audit log of master {@code i}, in the cluster directory. */
  public static Path auditFile(Path dir, int i) {
    return dir.resolve("audit/m" + i + ".audit.jsonl");
  }

  /** Master {@code i}'s {@code citadel.authorization} block (HOCON). */
  static String masterBlock(Path dir, int i, String realm) throws IOException {
    Files.createDirectories(auditFile(dir, i).getParent());
    String escapedRealm = realm.replace(".", "\\\\.");
    return "citadel.authorization {\n"
        + "  policy-files = [\"" + dir.resolve(FILE) + "\"]\n"
        + "  local-realms = [\"" + realm + "\"]\n"
        + "  auth-to-local = [\"RULE:[2:$1/$2@$0](agent/[^@]*@" + escapedRealm + ")s/@" + escapedRealm + "//\", \"DEFAULT\"]\n"
        + "  audit.file = \"" + auditFile(dir, i) + "\"\n"
        + "}\n";
  }
}
