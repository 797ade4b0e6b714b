package io.citadel.runtime.harness;

import io.citadel.runtime.launcher.Launcher;
import io.citadel.runtime.sdk.DriverSettings;
import io.citadel.security.kerberos.KdcSetup;
import io.citadel.security.pki.CertRole;
import io.citadel.security.pki.CertificateAuthority;
import io.citadel.security.pki.IssuedCredential;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A secure Citadel cluster on loopback, made from scratch in one directory: a cluster CA and a
 * certificate per node, an embedded Kerby KDC (its own JVM) with a keytab per principal, the masters'
 * identity key, and one small config file per node that includes the top-level
 * {@code application.conf} and overrides only addresses, ports and paths — so the file an operator
 * copies is the one that runs. Each master and agent is a real JVM. Used by {@code citadel demo} and
 * the multi-JVM tests.
 *
 * <p>Masters listen on 127.0.0.1..N, agents on 127.0.0.11.., the framework on 127.0.0.100: distinct
 * hosts, so each master has its own service principal {@code master/<host>@REALM}.
 */
public final class LocalCluster implements AutoCloseable {
  public static final String REALM = "CITADEL.TEST";
  public static final String FRAMEWORK_PRINCIPAL = "demo-framework";
  public static final String FRAMEWORK_HOST = "127.0.0.100";

  private final Path dir;
  private final Path applicationConf;
  private final int masters;
  private final int agents;
  private final int basePort;
  private final String agentResources;
  private final List<NodeProcess> masterProcs = new ArrayList<>();
  private final List<NodeProcess> agentProcs = new ArrayList<>();
  private NodeProcess kdc;
  private io.citadel.security.kerberos.EmbeddedKdc embeddedKdc;

  public LocalCluster(Path dir, Path applicationConf, int masters, int agents, String agentResources) throws IOException {
    this.dir = dir.toAbsolutePath();
    this.applicationConf = applicationConf.toAbsolutePath();
    this.masters = masters;
    this.agents = agents;
    this.agentResources = agentResources;
    this.basePort = freePortBlock();
  }

  public static String masterHost(int i) {
    return "127.0.0." + i;
  }

  public static String agentHost(int i) {
    return "127.0.0." + (10 + i);
  }

  public int gatewayPort(int i) {
    return basePort + 10 + i;
  }

  public int clusterPort(int i) {
    return basePort + i;
  }

  public Path dir() {
    return dir;
  }

  public List<String> masterAddresses() {
    return IntStream.rangeClosed(1, masters).mapToObj(i -> masterHost(i) + ":" + gatewayPort(i)).toList();
  }

  /** Every Kerberos principal of the cluster, without the realm. */
  public List<String> principals() {
    List<String> principals = new ArrayList<>();
    IntStream.rangeClosed(1, masters).forEach(i -> principals.add("master/" + masterHost(i)));
    IntStream.rangeClosed(1, agents).forEach(i -> principals.add("agent/" + agentHost(i)));
    principals.add(FRAMEWORK_PRINCIPAL);
    return principals;
  }

  private int kdcPort() {
    return basePort + 50;
  }

  /** Makes the CA, certificates, identity key and a KDC in its own JVM, and writes each node's config. */
  public void prepare() throws Exception {
    prepare(false);
  }

  /**
   * As {@link #prepare()}, with the embedded KDC in this JVM when {@code kdcInProcess} (for in-process
   * tests; {@link #close()} stops it).
   */
  public void prepare(boolean kdcInProcess) throws Exception {
    Files.createDirectories(dir.resolve("logs"));
    Path pki = dir.resolve("pki");
    CertificateAuthority ca = CertificateAuthority.init(pki.resolve("ca"), "Citadel local CA", Duration.ofDays(365));
    Duration validity = Duration.ofDays(30); // beyond the 14-day expiry warning
    for (int i = 1; i <= masters; i++) {
      ca.issue(CertRole.MASTER, "m" + i, List.of(masterHost(i)), validity, pki);
      ca.issue(CertRole.GATEWAY, "g" + i, List.of(masterHost(i)), validity, pki);
    }
    for (int i = 1; i <= agents; i++) {
      ca.issue(CertRole.AGENT, "a" + i, List.of(agentHost(i)), validity, pki);
    }
    ca.issue(CertRole.FRAMEWORK, "framework", List.of(FRAMEWORK_HOST), validity, pki);
    ca.issue(CertRole.OPERATOR, "operator", List.of("127.0.0.1"), validity, pki);

    Path key = dir.resolve("identity.key");
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    Files.write(key, bytes);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

    if (kdcInProcess) {
      embeddedKdc = KdcSetup.run(dir.resolve("kdc"), REALM, principals(), "127.0.0.1", kdcPort());
    } else {
      kdc = NodeProcess.start("kdc", dir.resolve("logs/kdc.log"), List.of(), List.of("kdc", "--dir",
          dir.resolve("kdc").toString(), "--realm", REALM, "--host", "127.0.0.1", "--port", String.valueOf(kdcPort()),
          "--principals", String.join(",", principals())));
      kdc.awaitLine(KdcCommandMarker.READY, Duration.ofSeconds(60));
    }

    LocalPolicies.write(dir, IntStream.rangeClosed(1, agents).mapToObj(LocalCluster::agentHost).toList());
    for (int i = 1; i <= masters; i++) {
      Files.writeString(dir.resolve("m" + i + ".conf"), masterConf(i), StandardCharsets.UTF_8);
    }
    for (int i = 1; i <= agents; i++) {
      Files.writeString(dir.resolve("a" + i + ".conf"), agentConf(i), StandardCharsets.UTF_8);
    }
  }

  private String tls(String name) {
    Path pki = dir.resolve("pki");
    return "{ certificate = \"" + pki.resolve(name + ".chain.pem") + "\", private-key = \"" + pki.resolve(name + ".key.pem")
        + "\", trusted-ca = \"" + pki.resolve("ca/ca.crt.pem") + "\" }";
  }

  private String kerberos(String principal) {
    Path kdcDir = dir.resolve("kdc");
    String full = principal + "@" + REALM;
    return "{ krb5-conf = \"" + kdcDir.resolve("krb5.conf") + "\", principal = \"" + full + "\", keytab = \""
        + KdcSetup.keytabPath(kdcDir, full) + "\" }";
  }

  private String common() {
    String mastersList = masterAddresses().stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(", "));
    return "include file(\"" + applicationConf + "\")\n"
        + "citadel.masters = [" + mastersList + "]\n";
  }

  private String masterConf(int i) throws IOException {
    String seeds = IntStream.rangeClosed(1, masters).mapToObj(j -> "\"" + masterHost(j) + ":" + clusterPort(j) + "\"")
        .collect(Collectors.joining(", "));
    return common()
        + "citadel.node.roles = [master]\n"
        + "citadel.master {\n"
        + "  hostname = \"" + masterHost(i) + "\"\n"
        + "  cluster-port = " + clusterPort(i) + "\n"
        + "  gateway-port = " + gatewayPort(i) + "\n"
        + "  seed-nodes = [" + seeds + "]\n"
        + "  quorum-size = " + (masters / 2 + 1) + "\n"
        + "  identity-key-file = \"" + dir.resolve("identity.key") + "\"\n"
        + "  cluster-tls = " + tls("m" + i) + "\n"
        + "  gateway-tls = " + tls("g" + i) + "\n"
        + "  kerberos = " + kerberos("master/" + masterHost(i)) + "\n"
        + "}\n"
        + LocalPolicies.masterBlock(dir, i, REALM);
  }

  private String agentConf(int i) throws IOException {
    Path checkpointKey = dir.resolve("a" + i + "-checkpoint.key");
    writeSecretKey(checkpointKey);
    return common()
        + "citadel.node.roles = [agent]\n"
        + "citadel.agent {\n"
        + "  hostname = \"" + agentHost(i) + "\"\n"
        + "  work-dir = \"" + dir.resolve("work/a" + i) + "\"\n"
        + "  resources = \"" + agentResources + "\"\n"
        + "  attributes = \"host:a" + i + "\"\n"
        + "  checkpoint-key-file = \"" + checkpointKey + "\"\n"
        + "  tls = " + tls("a" + i) + "\n"
        + "  kerberos = " + kerberos("agent/" + agentHost(i)) + "\n"
        + "}\n";
  }

  /** 32 random bytes, mode 0600: an agent's checkpoint sealing key. */
  private static void writeSecretKey(Path file) throws IOException {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    // Created 0600 before any byte is written, so the key is never readable by others.
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(file, bytes);
  }

  /** Starts every master, then every agent, waiting for each node's readiness line. */
  public void startAll() throws Exception {
    for (int i = 1; i <= masters; i++) {
      masterProcs.add(startNode("m" + i));
    }
    for (NodeProcess p : masterProcs) {
      p.awaitLine(Launcher.READY_LINE, Duration.ofSeconds(90));
    }
    for (int i = 1; i <= agents; i++) {
      agentProcs.add(startNode("a" + i));
    }
    for (NodeProcess p : agentProcs) {
      p.awaitLine(Launcher.READY_LINE, Duration.ofSeconds(90));
    }
  }

  /** Starts (or restarts) one node by name (m1.., a1..). */
  public NodeProcess startNode(String name) throws IOException {
    return NodeProcess.start(name, dir.resolve("logs/" + name + ".log"), List.of(),
        List.of("node", "--config", dir.resolve(name + ".conf").toString()));
  }

  public List<NodeProcess> masters() {
    return masterProcs;
  }

  public List<NodeProcess> agents() {
    return agentProcs;
  }

  public NodeProcess kdc() {
    return kdc;
  }

  /** Settings for a framework running in this JVM, as principal {@value #FRAMEWORK_PRINCIPAL}. */
  public DriverSettings frameworkSettings() throws Exception {
    Path pki = dir.resolve("pki");
    Path kdcDir = dir.resolve("kdc");
    String full = FRAMEWORK_PRINCIPAL + "@" + REALM;
    return DriverSettings.of(masterAddresses(), FRAMEWORK_HOST, kdcDir.resolve("krb5.conf"), full,
        KdcSetup.keytabPath(kdcDir, full), pki.resolve("framework.chain.pem"), pki.resolve("framework.key.pem"),
        pki.resolve("ca/ca.crt.pem"));
  }

  /** Every process of the cluster, KDC included. */
  public List<NodeProcess> all() {
    List<NodeProcess> all = new ArrayList<>(masterProcs);
    all.addAll(agentProcs);
    if (kdc != null) {
      all.add(kdc);
    }
    return all;
  }

  /** The config file written for a node (m1.., a1..). */
  public Path nodeConfig(String name) {
    return dir.resolve(name + ".conf");
  }

  @Override
  public void close() {
    if (embeddedKdc != null) {
      embeddedKdc.close();
    }
    for (NodeProcess p : all()) {
      try {
        p.stop(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static int freePortBlock() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base;
      try (ServerSocket s = new ServerSocket(0)) {
        base = s.getLocalPort();
      }
      if (base > 60000 || base < 20000) {
        continue;
      }
      boolean free = true;
      for (int p = base; p <= base + 50 && free; p++) {
        try (ServerSocket s = new ServerSocket(p)) {
          s.setReuseAddress(true);
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IOException("no free block of 51 ports found on loopback");
  }
}
