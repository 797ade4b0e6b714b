package io.citadel.security.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyStoreTest {

    // Version A allows alice. Version B has an override deny and an allow: a half-built B (allow
    // without its deny) would answer "allowed by B-allow", which is never legal.
    private static final String A = """
            {"policies": [{"id": "A-allow", "resources": {"role": {"values": ["x"]}},
                           "policyItems": [{"users": ["alice"], "accesses": ["reserve"]}]}]}""";
    private static final String B = """
            {"policies": [
              {"id": "B-allow", "resources": {"role": {"values": ["x"]}},
               "policyItems": [{"users": ["alice"], "accesses": ["reserve"]}]},
              {"id": "B-deny", "policyPriority": "OVERRIDE", "resources": {"role": {"values": ["x"]}},
               "denyPolicyItems": [{"users": ["alice"], "accesses": ["reserve"]}]}]}""";
    private static final String BAD = """
            {"policies": [{"id": "C", "resources": {"role": {"values": ["x"]}} {"id": "D"}]}""";

    @TempDir
    Path dir;

    @Test
    void badReloadKeepsTheOldSet() throws IOException {
        Path f = dir.resolve("p.json");
        Files.writeString(f, A);
        PolicyStore store = new PolicyStore(List.of(f), new PolicyLoader());
        PolicySet before = store.current();
        Files.writeString(f, BAD);
        assertThatThrownBy(store::reload).isInstanceOf(PolicyFileException.class);
        assertThat(store.current()).isSameAs(before);
        Files.writeString(f, B);
        assertThat(store.reload().policyCount()).isEqualTo(2);
        assertThat(store.evaluate(request()).policyId()).isEqualTo("B-deny");
    }

    @Test
    void badFileAtStartFails() throws IOException {
        Path f = dir.resolve("p.json");
        Files.writeString(f, BAD);
        assertThatThrownBy(() -> new PolicyStore(List.of(f), new PolicyLoader())).isInstanceOf(PolicyFileException.class);
    }

    @Test
    void reloadUnderConcurrentDecisionsNeverThrowsNorMixes() throws Exception {
        Path f = dir.resolve("p.json");
        Files.writeString(f, A);
        PolicyStore store = new PolicyStore(List.of(f), new PolicyLoader());
        AtomicBoolean done = new AtomicBoolean();
        Set<String> illegal = ConcurrentHashMap.newKeySet();
        AtomicLong decisions = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread th = new Thread(() -> {
                while (!done.get()) {
                    try {
                        Decision d = store.evaluate(request());
                        boolean legal = (d.allowed() && d.policyId().equals("A-allow"))
                                || (!d.allowed() && d.policyId().equals("B-deny"));
                        if (!legal) {
                            illegal.add(d.toString());
                        }
                        decisions.incrementAndGet();
                    } catch (RuntimeException e) {
                        illegal.add(e.toString());
                    }
                }
            });
            th.start();
            threads.add(th);
        }
        int refused = 0;
        String[] versions = {B, BAD, A, BAD};
        for (int i = 0; i < 200; i++) {
            Files.writeString(f, versions[i % versions.length]);
            try {
                store.reload();
            } catch (PolicyFileException e) {
                refused++;
            }
        }
        done.set(true);
        for (Thread th : threads) {
            th.join(10_000);
        }
        assertThat(illegal).isEmpty();
        assertThat(refused).isEqualTo(100);
        assertThat(decisions.get()).isPositive();
    }

    private static AccessRequest request() {
        return AccessRequest.of(Subject.user("alice"), Actions.RESERVE, Map.of("role", "x"));
    }
}
