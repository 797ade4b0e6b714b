package io.citadel.security.kerberos;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.security.kerberos.AcceptResult.Authenticated;
import io.citadel.security.kerberos.AcceptResult.Reason;
import io.citadel.security.kerberos.AcceptResult.Refused;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Field case B21 with a faithful clock offset: the client runs in a child JVM under libfaketime
 * ({@code faketime -f +360s}, Debian package {@code faketime}), against the embedded KDC and an
 * acceptor in this JVM. The JDK offers no supported way to shift its Kerberos clock in-process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClockSkewTest {

    private static final String CLIENT = "agent/a1.example.test@EXAMPLE.TEST";
    private static final String SERVICE = "master/m1.example.test@EXAMPLE.TEST";
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(90);

    private Path dir;
    private TestKdc kdc;
    private KerberosSettings agent;
    private KerberosSettings master;

    @BeforeAll
    void startKdc(@TempDir Path tempDir) throws Exception {
        assertThat(Path.of("/usr/bin/faketime"))
                .as("B21 needs libfaketime: apt-get install faketime").exists();
        dir = tempDir;
        kdc = TestKdc.start(dir, Duration.ofSeconds(300));
        agent = kdc.createIdentity(CLIENT);
        master = kdc.createIdentity(SERVICE);
    }

    @AfterAll
    void stopKdc() {
        if (kdc != null) {
            kdc.close();
        }
    }

    @Test
    void B21_clockSkewReportedAsSkew() throws Exception {
        for (String offset : List.of("+360s", "-360s")) {
            String out = runClient(offset, kdc.kdc.krb5Conf(), 300);

            // The child is ahead by +360 s, so the KDC's clock is 360 s behind it, and vice versa.
            String kdcOffset = offset.startsWith("+") ? "-3[56][0-9]s" : "\\+3[56][0-9]s";
            assertThat(out).as("client at " + offset).startsWith("ERROR 37 ")
                    .contains("[" + CLIENT + "]")
                    .contains("clock skew too great")
                    .containsPattern("measured offset: KDC clock is " + kdcOffset)
                    .contains("KRB_AP_ERR_SKEW (37)")
                    .doesNotContain("keytab's key does not match");
        }
    }

    @Test
    void B21_withinSkewAcceptedAndAcceptorEnforcesItsOwnMaxClockSkew() throws Exception {
        // The KDC allows 300 s, so a +240 s client gets its tickets (one child JVM per offset: they are slow).
        byte[] at240 = token(runClient("+240s", kdc.kdc.krb5Conf(), 300));
        byte[] at60 = token(runClient("+60s", kdc.kdc.krb5Conf(), 300));

        // An acceptor allowing only 120 s refuses the +240 s authenticator as skew, accepts +60 s.
        Path tight = dir.resolve("krb5-acceptor.conf");
        Files.writeString(tight, Files.readString(kdc.kdc.krb5Conf()).replace("clockskew = 300", "clockskew = 120"));
        KerberosAcceptor strict = KerberosAcceptor.login(
                master.withKrb5Conf(tight).withMaxClockSkew(Duration.ofSeconds(120)));
        AcceptResult refused = strict.accept(at240);
        assertThat(refused).isInstanceOf(Refused.class);
        assertThat(((Refused) refused).reason()).isEqualTo(Reason.CLOCK_SKEW);
        assertThat(((Refused) refused).detail()).contains("clock skew too great", "120s", "(37)");
        assertThat(strict.accept(at60)).isEqualTo(new Authenticated(CLIENT));

        // With the field case's 300 s, the same +240 s authenticator is accepted (the skew refusal above
        // happened before any replay cache recorded it).
        KerberosAcceptor normal = KerberosAcceptor.login(master);
        assertThat(normal.accept(at240)).isEqualTo(new Authenticated(CLIENT));
    }

    private static byte[] token(String out) {
        assertThat(out).startsWith("TOKEN ");
        return Base64.getDecoder().decode(out.substring("TOKEN ".length()).trim());
    }

    /** Runs {@link SkewedClientMain} under {@code faketime -f offset}; returns its result line. */
    private String runClient(String offset, Path krb5Conf, int skewSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/faketime", "-f", offset,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A short-lived client: these flags cut its start-up under faketime from ~13 s to ~5 s.
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                SkewedClientMain.class.getName(),
                krb5Conf.toString(), CLIENT, agent.keytab().toString(), SERVICE, String.valueOf(skewSeconds)));
        Path log = Files.createTempFile(dir, "child-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Faking the monotonic clock too can stall the JVM's timed waits; only wall-clock time matters here.
        builder.environment().put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
        Process child = builder.start();
        try {
            boolean exited = child.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(exited).as("child under faketime %s did not exit; output:%n%s", offset, output).isTrue();
            String result = output.lines().filter(l -> l.startsWith("TOKEN ") || l.startsWith("ERROR "))
                    .findFirst().orElseThrow(() -> new AssertionError("child under faketime " + offset
                            + " printed no result; output:\n" + output));
            // Print failures only: a token is a credential and never goes to a log.
            System.out.println("Child under faketime " + offset + " said: "
                    + (result.startsWith("TOKEN ") ? "TOKEN (" + result.length() + " chars)" : result));
            return result;
        } finally {
            child.destroyForcibly();
        }
    }
}
