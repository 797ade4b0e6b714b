package io.citadel.runtime.cli;

import io.citadel.runtime.harness.KdcCommandMarker;
import io.citadel.security.kerberos.EmbeddedKdc;
import io.citadel.security.kerberos.KdcSetup;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code citadel kdc}: an embedded Kerby KDC for development and tests, one keytab per principal. */
@Command(name = "kdc", mixinStandardHelpOptions = true,
    description = "Run an embedded Kerberos KDC (development and tests) and write one keytab per principal into DIR/keytabs.")
final class KdcCommand implements Callable<Integer> {
  @Option(names = "--dir", required = true, description = "Working directory (krb5.conf, keytabs/).")
  Path dir;

  @Option(names = "--realm", required = true, description = "Kerberos realm, e.g. EXAMPLE.TEST.")
  String realm;

  @Option(names = "--principals", required = true, split = ",", description = "Principals to create (without @REALM).")
  List<String> principals;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "0", description = "TCP port (0 = a free one).")
  int port;

  @Override
  public Integer call() throws Exception {
    EmbeddedKdc kdc = KdcSetup.run(dir, realm, principals, host, port);
    Runtime.getRuntime().addShutdownHook(new Thread(kdc::close, "kdc-stop"));
    System.out.println(KdcCommandMarker.READY + " realm=" + kdc.realm() + " port=" + kdc.port() + " krb5.conf=" + kdc.krb5Conf());
    System.out.flush();
    new CountDownLatch(1).await();
    return 0;
  }
}
