package io.citadel.security.policy.bench;

import io.citadel.security.policy.AccessRequest;
import io.citadel.security.policy.Actions;
import io.citadel.security.policy.Decision;
import io.citadel.security.policy.PolicyItem;
import io.citadel.security.policy.PolicySet;
import io.citadel.security.policy.RangerPolicy;
import io.citadel.security.policy.Subject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Decision latency and throughput of {@link PolicySet} with 10, 1,000 and 10,000 Ranger-style
 * policies. The policy mix: 80% role policies (recursive team roles, a quarter with deny items and
 * exceptions), 10% URI policies, 10% run-as-user policies, plus 10 wildcard policies that sit in the
 * fallback list and are candidates for every request. Requests cycle through 1,024 pre-built ones
 * (allowed and denied, some spellings needing normalisation).
 *
 * <p>Run from the repository root with {@code security-extensions/bench-policy.sh [JMH options]}: it
 * compiles the tests, asks Maven for the test classpath (maven-dependency-plugin, works offline)
 * and starts this {@code main} with plain {@code java}, so JMH can fork. Defaults (annotations):
 * 1 fork, 2 warm-up and 3 measured iterations of 1 s.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m"})
public class PolicyEngineBenchmark {

    private static final int REQUESTS = 1024;

    @Param({"10", "1000", "10000"})
    public int policies;

    private PolicySet set;
    private AccessRequest[] requests;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        List<RangerPolicy> list = new ArrayList<>();
        for (int i = 0; i < policies; i++) {
            list.add(policy(i));
        }
        for (int w = 0; w < 10; w++) {
            list.add(new RangerPolicy("wild-" + w, null, true, true, RangerPolicy.Priority.NORMAL,
                    Map.of("role", new RangerPolicy.Resource(List.of("*-archive-" + w + "/*"), false, true)),
                    List.of(), List.of(), List.of(item(Set.of("g-archive"), Actions.RESERVE)), List.of()));
        }
        set = new PolicySet(list, null, "benchmark");
        requests = new AccessRequest[REQUESTS];
        for (int r = 0; r < REQUESTS; r++) {
            int team = random.nextInt(Math.max(1, policies));
            Subject subject = new Subject("user" + random.nextInt(50), Set.of("g" + (team % 20), "eng"), Set.of());
            requests[r] = switch (r % 10) {
                case 8 -> AccessRequest.of(subject, Actions.FETCH_URI,
                        Map.of("uri", "https://repo" + team + ".test/pub/a/b.tgz"));
                case 9 -> AccessRequest.of(subject, Actions.RUN_TASK, Map.of("user", "svc" + team));
                case 7 -> AccessRequest.of(subject, Actions.REGISTER_FRAMEWORK,
                        Map.of("role", "team" + team + "//web"));
                default -> AccessRequest.of(subject, r % 2 == 0 ? Actions.REGISTER_FRAMEWORK : Actions.RESERVE,
                        Map.of("role", "team" + team + "/svc" + random.nextInt(5)));
            };
        }
    }

    private static RangerPolicy policy(int i) {
        String group = "g" + (i % 20);
        int kind = i % 10;
        if (kind == 8) {
            return new RangerPolicy("uri-" + i, null, true, true, RangerPolicy.Priority.NORMAL,
                    Map.of("uri", new RangerPolicy.Resource(List.of("https://repo" + i + ".test/pub"), false, true)),
                    List.of(item(Set.of(group), Actions.FETCH_URI)), List.of(), List.of(), List.of());
        }
        if (kind == 9) {
            return new RangerPolicy("user-" + i, null, true, true, RangerPolicy.Priority.NORMAL,
                    Map.of("user", RangerPolicy.Resource.of("svc" + i)),
                    List.of(item(Set.of(group), Actions.RUN_TASK)), List.of(), List.of(), List.of());
        }
        boolean withDeny = i % 4 == 0;
        return new RangerPolicy("role-" + i, null, true, true,
                i % 50 == 0 ? RangerPolicy.Priority.OVERRIDE : RangerPolicy.Priority.NORMAL,
                Map.of("role", RangerPolicy.Resource.recursive("team" + i)),
                List.of(item(Set.of(group), Actions.REGISTER_FRAMEWORK, Actions.RESERVE)),
                List.of(new PolicyItem(Set.of("user7"), Set.of(), Set.of(), Set.of(Actions.RESERVE))),
                withDeny ? List.of(item(Set.of("eng"), Actions.RESERVE)) : List.of(),
                withDeny ? List.of(new PolicyItem(Set.of("user1", "user2"), Set.of(), Set.of(), Set.of(Actions.RESERVE)))
                        : List.of());
    }

    private static PolicyItem item(Set<String> groups, String... accesses) {
        return new PolicyItem(Set.of(), groups, Set.of(), Set.of(accesses));
    }

    @Benchmark
    public Decision evaluate() {
        AccessRequest r = requests[next];
        next = (next + 1) & (REQUESTS - 1);
        return set.evaluate(r);
    }

    /** Runs the benchmark; command-line arguments are JMH options and override the annotations. */
    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().parent(new CommandLineOptions(args))
                .include(PolicyEngineBenchmark.class.getName()).build()).run();
    }
}
