package io.citadel.security.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.citadel.security.policy.Policies.groups;
import static io.citadel.security.policy.Policies.policy;
import static io.citadel.security.policy.Policies.roles;
import static io.citadel.security.policy.Policies.users;
import static io.citadel.security.policy.RangerPolicy.Resource;
import static org.assertj.core.api.Assertions.assertThat;

/** Table-driven semantics of Ranger-style policies, including the precedence corner cases. */
class RangerSemanticsTest {

    private static final String RF = Actions.REGISTER_FRAMEWORK;

    static final PolicySet SET = new PolicySet(List.of(
            // the worked example of RangerEvaluator's Javadoc
            policy("P1").resource("role", Resource.recursive("eng")).allow(groups("eng", "*")).build(),
            policy("P2").resource("role", Resource.of("eng/secret")).deny(groups("eng", RF))
                    .denyException(users("alice", RF)).build(),
            policy("P3").override().resource("role", Resource.of("eng/secret")).allow(users("bob", RF)).build(),
            // allow exception
            policy("P4").resource("role", Resource.of("ops")).allow(groups("ops", Actions.RESERVE))
                    .allowException(users("eve", Actions.RESERVE)).build(),
            // disabled policy
            policy("P5").disabled().resource("role", Resource.of("disabled")).allow(groups("public", "*")).build(),
            // override deny vs normal allow; deny exception by security role
            policy("P6").override().resource("role", Resource.of("locked")).deny(groups("public", "*"))
                    .denyException(roles("operators", "*")).build(),
            policy("P7").resource("role", Resource.of("locked")).allow(groups("eng", "*")).build(),
            // override allow vs override deny at equal priority: deny wins
            policy("P12").override().resource("role", Resource.of("locked")).allow(users("harry", "*")).build(),
            // URIs, recursive
            policy("P8").resource("uri", Resource.recursive("https://repo.test/pub"))
                    .allow(groups("public", Actions.FETCH_URI)).build(),
            // excludes
            policy("P9").resource("user", new Resource(List.of("root"), true, false))
                    .allow(groups("eng", Actions.RUN_TASK)).build(),
            // wildcards in a hierarchical kind
            policy("P10").resource("role", Resource.of("team-?/*")).allow(users("frank", RF)).build(),
            // two resource kinds
            policy("P11").resource("role", Resource.of("data")).resource("user", Resource.of("etl"))
                    .allow(users("gina", Actions.RUN_TASK)).build()),
            null, "test");

    @ParameterizedTest(name = "{0} {1} {2} {3}={4} -> {5} {6}")
    @CsvSource({
            // user, groups;, action, kind, value, allowed, policy
            "carol, eng, register_framework, role, eng/secret, false, P2",     // deny beats allow at equal priority
            "alice, eng, register_framework, role, eng/secret, true, P1",      // deny exception, then allow
            "bob, eng, register_framework, role, eng/secret, true, P3",        // override allow beats normal deny
            "carol, eng, reserve, role, eng/secret, true, P1",                 // deny item is for another access
            "carol, eng, register_framework, role, eng/frontend/web, true, P1",// recursive covers descendants
            "carol, eng, register_framework, role, eng//frontend, true, P1",   // spelling normalised
            "carol, eng, register_framework, role, engineering, false, default-deny", // a prefix is not a parent
            "zed, '', register_framework, role, eng, false, default-deny",     // no match -> deny
            "dan, ops, reserve, role, ops, true, P4",
            "eve, ops, reserve, role, ops, false, default-deny",               // allow exception
            "zed, '', register_framework, role, disabled, false, default-deny",// disabled policy
            "carol, eng, view_state, role, locked, false, P6",                 // override deny beats normal allow
            "harry, '', view_state, role, locked, false, P6",                  // equal (override) priority: deny wins
            "fred, '', fetch_uri, uri, HTTPS://Repo.TEST:443/pub/./a//b.tgz, true, P8",
            "fred, '', fetch_uri, uri, https://repo.test/public/x, false, default-deny",
            "fred, '', fetch_uri, uri, https://repo.test.evil/pub/x, false, default-deny",
            "fred, '', fetch_uri, uri, https://repo.test/pub/../secret, false, default-deny",
            "carol, eng, run_task, user, alice, true, P9",                     // excludes: anyone but root
            "carol, eng, run_task, user, root, false, default-deny",
            "frank, '', register_framework, role, team-a/x, true, P10",
            "frank, '', register_framework, role, team-ab/x, false, default-deny", // ? is one character
            "frank, '', register_framework, role, team-a/x/y, false, default-deny",// * does not cross /
            "carol, eng, register_framework, role, eng/../ops, false, invalid-request",
    })
    void decides(String user, String groupList, String action, String kind, String value,
                 boolean allowed, String policyId) {
        Set<String> groupSet = groupList.isEmpty() ? Set.of() : Set.of(groupList.split(";"));
        Decision d = SET.evaluate(AccessRequest.of(new Subject(user, groupSet, Set.of()), action, Map.of(kind, value)));
        assertThat(d.allowed()).as(d.reason()).isEqualTo(allowed);
        assertThat(d.policyId()).isEqualTo(policyId);
    }

    @Test
    void denyExceptionByRoleThenLowerPriorityAllow() {
        Subject ivan = new Subject("ivan", Set.of("eng"), Set.of("operators"));
        Decision d = SET.evaluate(AccessRequest.of(ivan, Actions.VIEW_STATE, Map.of("role", "locked")));
        assertThat(d).extracting(Decision::allowed, Decision::policyId).containsExactly(true, "P7");
    }

    @Test
    void everyNamedKindMustMatch() {
        Subject gina = Subject.user("gina");
        assertThat(SET.evaluate(AccessRequest.of(gina, Actions.RUN_TASK, Map.of("role", "data", "user", "etl")))
                .policyId()).isEqualTo("P11");
        assertThat(SET.evaluate(AccessRequest.of(gina, Actions.RUN_TASK, Map.of("role", "data", "user", "root")))
                .allowed()).isFalse();
        assertThat(SET.evaluate(AccessRequest.of(gina, Actions.RUN_TASK, Map.of("role", "data")))
                .allowed()).isFalse();
    }

    @Test
    void denyInALaterPolicyBeatsAllowInAnEarlierOneAtEqualPriority() {
        // Both policies bear deny items, so both sort in the deny-first group of the NORMAL tier;
        // Q1 allows carol, Q2 (later in file order) denies her: the deny must still win.
        PolicySet set = new PolicySet(List.of(
                policy("Q1").resource("role", Resource.of("x")).allow(users("carol", RF)).deny(users("mallory", RF)).build(),
                policy("Q2").resource("role", Resource.of("x")).deny(users("carol", RF)).build()), null, "q");
        Decision d = set.evaluate(AccessRequest.of(Subject.user("carol"), RF, Map.of("role", "x")));
        assertThat(d).extracting(Decision::allowed, Decision::policyId).containsExactly(false, "Q2");
    }

    @Test
    void anyAccess() {
        Map<String, String> ops = Map.of("role", "ops");
        assertThat(SET.evaluate(AccessRequest.of(new Subject("dan", Set.of("ops"), Set.of()), Actions.ANY_ACCESS, ops)))
                .extracting(Decision::allowed, Decision::policyId).containsExactly(true, "P4");
        assertThat(SET.evaluate(AccessRequest.of(new Subject("eve", Set.of("ops"), Set.of()), Actions.ANY_ACCESS, ops))
                .allowed()).isFalse();
        assertThat(SET.evaluate(AccessRequest.of(new Subject("carol", Set.of("eng"), Set.of()), Actions.ANY_ACCESS,
                Map.of("role", "eng/secret"))).allowed()).isTrue();
    }

    @Test
    void indexFindsTheSameAnswerAsALinearScan() {
        // Many literal-keyed policies plus wildcard ones in the fallback list; the bucket and the
        // fallback must merge in evaluation order, so a wildcard deny still beats a literal allow.
        List<RangerPolicy> many = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(policy("a" + i).resource("role", Resource.recursive("r" + i)).allow(users("u", RF)).build());
        }
        many.add(policy("wild").resource("role", Resource.of("r1*")).deny(users("u", RF)).build());
        PolicySet set = new PolicySet(many, null, "many");
        Map<String, Boolean> expected = new HashMap<>();
        expected.put("r5", true);
        expected.put("r10", false);   // r10 matches the wildcard deny
        expected.put("r10/x", true);  // * does not cross '/', so only a10 applies
        expected.put("r499/a/b", true);
        expected.put("r500", false);
        expected.forEach((role, allowed) -> assertThat(
                set.evaluate(AccessRequest.of(Subject.user("u"), RF, Map.of("role", role))).allowed())
                .as(role).isEqualTo(allowed));
    }
}
