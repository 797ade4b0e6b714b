package io.citadel.security.audit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of tampering is caught. The log has 10 records and a checkpoint every 4:
 * lines 1-4 records, 5 checkpoint, 6-9 records, 10 checkpoint, 11-12 records, 13 final checkpoint.
 */
class AuditVerifierTest {

    @TempDir
    Path dir;

    private KeyPair keys;
    private Path file;
    private List<String> good;

    @BeforeEach
    void writeLog() throws Exception {
        keys = AuditFixtures.ecKeys();
        file = dir.resolve("audit.log");
        try (AuditLog log = AuditLog.open(file, keys.getPrivate(), new TestingClock(),
                new AuditLog.Settings(100, 4, Duration.ofHours(1), Duration.ofMillis(10), 3))) {
            for (int i = 1; i <= 10; i++) {
                log.offer(AuditFixtures.record(i));
            }
        }
        good = Files.readAllLines(file);
        assertThat(good).hasSize(13);
    }

    private VerifyReport verifyWith(List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n");
        return AuditVerifier.verify(file, keys.getPublic());
    }

    private void assertTampered(VerifyReport r, long line, String problem) {
        assertThat(r.status()).as(r.toString()).isEqualTo(VerifyReport.Status.TAMPERED);
        assertThat(r.firstBadLine()).as(r.toString()).isEqualTo(line);
        assertThat(r.problem()).contains(problem);
    }

    @Test
    void intactLogVerifies() throws IOException {
        VerifyReport r = verifyWith(good);
        assertThat(r.ok()).as(r.toString()).isTrue();
        assertThat(r.lastSeq()).isEqualTo(13);
    }

    @Test
    void modificationDetected() throws IOException {
        List<String> l = new ArrayList<>(good);
        l.set(1, l.get(1).replace("\"principal\":\"u2\"", "\"principal\":\"eve\""));
        assertTampered(verifyWith(l), 2, "line 2 does not hash");
        List<String> decision = new ArrayList<>(good);
        decision.set(11, decision.get(11).replace("\"decision\":\"allow\"", "\"decision\":\"deny\""));
        assertTampered(verifyWith(decision), 12, "line 12 does not hash");
    }

    @Test
    void modificationWithRecomputedChainDetectedBySignature() throws IOException {
        List<String> l = new ArrayList<>(good);
        l.set(1, l.get(1).replace("\"principal\":\"u2\"", "\"principal\":\"eve\""));
        for (int i = 2; i < l.size(); i++) { // an attacker re-links every later line
            String prev = AuditLines.sha256Hex(l.get(i - 1).getBytes(StandardCharsets.UTF_8));
            l.set(i, l.get(i).replaceFirst("\"prevHash\":\"[0-9a-f]{64}\"", "\"prevHash\":\"" + prev + "\""));
        }
        assertTampered(verifyWith(l), 5, "signature does not verify");
    }

    @Test
    void deletionDetected() throws IOException {
        List<String> l = new ArrayList<>(good);
        l.remove(2);
        assertTampered(verifyWith(l), 3, "seq 4 where 3 was expected");
        List<String> first = new ArrayList<>(good);
        first.remove(0);
        assertTampered(verifyWith(first), 1, "seq 2 where 1 was expected");
    }

    @Test
    void insertionDetected() throws IOException {
        List<String> l = new ArrayList<>(good);
        l.add(2, good.get(1));
        assertTampered(verifyWith(l), 3, "seq 2 where 3 was expected");
    }

    @Test
    void reorderingDetected() throws IOException {
        List<String> l = new ArrayList<>(good);
        Collections.swap(l, 5, 6);
        assertTampered(verifyWith(l), 6, "seq 7 where 6 was expected");
    }

    @Test
    void renumberedInsertionDetected() throws IOException {
        List<String> l = new ArrayList<>(good);
        String forged = good.get(1).replace("\"seq\":2", "\"seq\":3").replace("u2", "eve");
        l.add(2, forged);
        for (int i = 3; i < l.size(); i++) {
            int seq = i + 1;
            l.set(i, l.get(i).replaceFirst("\"seq\":\\d+", "\"seq\":" + seq));
        }
        VerifyReport r = verifyWith(l);
        assertThat(r.status()).isEqualTo(VerifyReport.Status.TAMPERED);
        assertThat(r.firstBadLine()).isBetween(2L, 3L);
    }

    @Test
    void truncationDetected() throws IOException {
        VerifyReport noFinal = verifyWith(good.subList(0, 12));
        assertThat(noFinal.status()).isEqualTo(VerifyReport.Status.INCOMPLETE);
        assertThat(noFinal.firstBadLine()).isEqualTo(11);
        VerifyReport atCheckpoint = verifyWith(good.subList(0, 10));
        assertThat(atCheckpoint.status()).isEqualTo(VerifyReport.Status.INCOMPLETE);
        assertThat(atCheckpoint.problem()).contains("not covered by a final checkpoint");
        Files.writeString(file, String.join("\n", good) + "\n" + good.get(0).substring(0, 20));
        assertThat(AuditVerifier.verify(file, keys.getPublic()).status()).isEqualTo(VerifyReport.Status.INCOMPLETE);
        Files.writeString(file, "");
        assertThat(AuditVerifier.verify(file, keys.getPublic()).status()).isEqualTo(VerifyReport.Status.INCOMPLETE);
    }

    @Test
    void forgingTheFinalFlagAfterTruncationDetected() throws IOException {
        List<String> l = new ArrayList<>(good.subList(0, 10));
        l.set(9, l.get(9).replace("\"final\":false", "\"final\":true"));
        assertTampered(verifyWith(l), 10, "signature does not verify");
    }

    @Test
    void wrongKeyDetected() throws Exception {
        Files.writeString(file, String.join("\n", good) + "\n");
        VerifyReport r = AuditVerifier.verify(file, AuditFixtures.ecKeys().getPublic());
        assertTampered(r, 5, "signature does not verify");
        VerifyReport rsa = AuditVerifier.verify(file, AuditFixtures.rsaKeys().getPublic());
        assertTampered(rsa, 5, "is not SHA256withRSA");
    }

    @Test
    void malformedLinesDetected() throws IOException {
        List<String> appended = new ArrayList<>(good);
        appended.add("garbage");
        assertTampered(verifyWith(appended), 14, "not a JSON object");
        List<String> dup = new ArrayList<>(good);
        dup.set(0, dup.get(0).replace("\"action\":\"reserve\"", "\"action\":\"reserve\",\"action\":\"x\""));
        assertTampered(verifyWith(dup), 1, "Duplicate field");
        List<String> extra = new ArrayList<>(good);
        extra.set(0, extra.get(0).replace("{\"type\"", "{\"note\":\"x\",\"type\""));
        assertTampered(verifyWith(extra), 1, "fields");
    }
}
