package io.citadel.security.policy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Table-driven semantics of Mesos ACL JSON: first match decides, ANY / NONE, the permissive flag. */
class MesosAclSemanticsTest {

    private static final String RULES = """
            "register_frameworks": [
              {"principals": {"values": ["ops"]},  "roles": {"type": "NONE"}},
              {"principals": {"values": ["hdfs"]}, "roles": {"values": ["hdfs"]}},
              {"principals": {"values": ["hdfs"]}, "roles": {"values": ["eng/*"]}},
              {"principals": {"type": "ANY"},      "roles": {"values": ["public"]}},
              {"principals": {"type": "NONE"},     "roles": {"values": ["shared"]}},
              {"principals": {"type": "ANY"},      "roles": {"values": ["shared"]}}
            ],
            "run_tasks": [
              {"principals": {"values": ["hdfs"]}, "users": {"values": ["hdfs"]}}
            ],
            "teardown_frameworks": [
              {"principals": {"values": ["admin"]}, "framework_principals": {"type": "ANY"}},
              {"principals": {"values": ["lead"]},  "framework_principals": {"values": ["team"]}}
            ],
            "view_state": [
              {"principals": {"values": ["op"]}, "state": {"type": "ANY"}}
            ]
            """;

    static PolicySet strict;
    static PolicySet permissive;
    static PolicySet defaulted;

    @BeforeAll
    static void load(@TempDir Path dir) throws IOException {
        strict = load(dir, "strict.json", "{\"permissive\": false," + RULES + "}");
        permissive = load(dir, "permissive.json", "{\"permissive\": true," + RULES + "}");
        defaulted = load(dir, "defaulted.json", "{" + RULES + "}");
    }

    private static PolicySet load(Path dir, String name, String json) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, json);
        return new PolicyLoader().load(List.of(f));
    }

    private static Decision ask(PolicySet set, String principal, String action, Map<String, String> resource) {
        return set.evaluate(AccessRequest.of(Subject.user(principal), action, resource));
    }

    @ParameterizedTest(name = "{0} {1} {2}={3} -> {4} {5}")
    @CsvSource({
            "ops, register_framework, role, hdfs, false, strict.json#register_frameworks[0]",  // NONE object denies
            "hdfs, register_framework, role, hdfs, true, strict.json#register_frameworks[1]",
            "hdfs, register_framework, role, eng/a/b, true, strict.json#register_frameworks[2]", // nested roles
            "hdfs, register_framework, role, eng, false, default-deny",                          // eng/* is not eng
            "hdfs, register_framework, role, eng//a, true, strict.json#register_frameworks[2]",  // normalised
            "mary, register_framework, role, public, true, strict.json#register_frameworks[3]",  // ANY principal
            "mary, register_framework, role, shared, false, strict.json#register_frameworks[4]", // first match: NONE
            "hdfs, register_framework, role, other, false, default-deny",
            "hdfs, run_task, user, hdfs, true, strict.json#run_tasks[0]",
            "hdfs, run_task, user, root, false, default-deny",
            "admin, teardown_framework, framework_principal, x, true, strict.json#teardown_frameworks[0]",
            "lead, teardown_framework, framework_principal, team, true, strict.json#teardown_frameworks[1]",
            "lead, teardown_framework, framework_principal, x, false, default-deny",
            "op, view_state, -, -, true, strict.json#view_state[0]",
            "mary, view_state, -, -, false, default-deny",
            "op, update_quota, role, hdfs, false, default-deny",                                 // no rules at all
    })
    void strictDecides(String principal, String action, String kind, String value, boolean allowed, String policyId) {
        Map<String, String> resource = kind.equals("-") ? Map.of() : Map.of(kind, value);
        Decision d = ask(strict, principal, action, resource);
        assertThat(d.allowed()).as(d.reason()).isEqualTo(allowed);
        assertThat(d.policyId()).isEqualTo(policyId);
    }

    @Test
    void requestWithoutObjectIsAllowedOnlyByAnAnyObject() {
        assertThat(ask(strict, "admin", Actions.TEARDOWN_FRAMEWORK, Map.of()).allowed()).isTrue();
        assertThat(ask(strict, "lead", Actions.TEARDOWN_FRAMEWORK, Map.of()).allowed()).isFalse();
        assertThat(ask(strict, "hdfs", Actions.RUN_TASK, Map.of()).allowed()).isFalse();
    }

    @Test
    void permissiveAppliesOnlyWhenNothingMatched() {
        assertThat(ask(permissive, "hdfs", Actions.REGISTER_FRAMEWORK, Map.of("role", "other")))
                .extracting(Decision::allowed, Decision::policyId).containsExactly(true, Decision.PERMISSIVE);
        assertThat(ask(permissive, "ops", Actions.REGISTER_FRAMEWORK, Map.of("role", "hdfs")).allowed()).isFalse();
        assertThat(ask(permissive, "mary", Actions.REGISTER_FRAMEWORK, Map.of("role", "shared")).allowed()).isFalse();
    }

    @Test
    void permissiveDefaultsToFalse() {
        assertThat(ask(defaulted, "hdfs", Actions.REGISTER_FRAMEWORK, Map.of("role", "other")))
                .extracting(Decision::allowed, Decision::policyId).containsExactly(false, Decision.NO_MATCH);
    }

    @Test
    void rangerPoliciesDecideBeforeMesosRules(@TempDir Path dir) throws IOException {
        Path ranger = dir.resolve("ranger.json");
        Files.writeString(ranger, """
                {"policies": [{"id": "no-hdfs", "resources": {"role": {"values": ["hdfs"]}},
                               "denyPolicyItems": [{"users": ["hdfs"], "accesses": ["register_framework"]}]}]}""");
        Path mesos = dir.resolve("acls.json");
        Files.writeString(mesos, "{" + RULES + "}");
        PolicySet both = new PolicyLoader().load(List.of(ranger, mesos));
        assertThat(ask(both, "hdfs", Actions.REGISTER_FRAMEWORK, Map.of("role", "hdfs")))
                .extracting(Decision::allowed, Decision::policyId).containsExactly(false, "no-hdfs");
        assertThat(ask(both, "hdfs", Actions.RUN_TASK, Map.of("user", "hdfs")).allowed()).isTrue();
        assertThat(both.policyCount()).isEqualTo(1);
        assertThat(both.ruleCount()).isEqualTo(10);
    }
}
