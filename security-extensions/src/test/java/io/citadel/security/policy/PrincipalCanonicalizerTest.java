package io.citadel.security.policy;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrincipalCanonicalizerTest {

    private final PrincipalCanonicalizer canon = new PrincipalCanonicalizer(
            List.of("CITADEL.TEST"),
            List.of("RULE:[2:$1@$0](agent@CITADEL\\.TEST)s/@.*//",
                    "RULE:[1:$1@$0](.*@PARTNER\\.TEST)s/@PARTNER\\.TEST/-partner//L",
                    "DEFAULT"),
            Map.of("alice", Set.of("eng")), Map.of("alice", Set.of("operators")));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "alice@CITADEL.TEST, alice",
            "Alice@CITADEL.TEST, Alice",                    // case is kept
            "alice/admin@CITADEL.TEST, alice/admin@CITADEL.TEST", // DEFAULT never shortens 2 components
            "agent/host1.citadel.test@CITADEL.TEST, agent",
            "master/host1@CITADEL.TEST, master/host1@CITADEL.TEST",
            "alice@OTHER.TEST, alice@OTHER.TEST",           // foreign realm stays distinct
            "Bob@PARTNER.TEST, bob-partner",                 // /L lower-cases
            "noRealm, noRealm",
    })
    void canonicalNames(String kerberosName, String expected) {
        assertThat(canon.canonicalName(kerberosName)).isEqualTo(expected);
    }

    @Test
    void subjectCarriesConfiguredGroupsAndRoles() {
        assertThat(canon.subject("alice@CITADEL.TEST"))
                .isEqualTo(new Subject("alice", Set.of("eng"), Set.of("operators")));
        assertThat(canon.subject("alice@OTHER.TEST").groups()).isEmpty();
    }

    @Test
    void noRulesMeansDefault() {
        PrincipalCanonicalizer c = new PrincipalCanonicalizer(List.of("R"), List.of(), Map.of(), Map.of());
        assertThat(c.canonicalName("x@R")).isEqualTo("x");
        assertThat(c.canonicalName("x@S")).isEqualTo("x@S");
    }

    @Test
    void badRuleNamesItsIndex() {
        assertThatThrownBy(() -> new PrincipalCanonicalizer(List.of(), List.of("DEFAULT", "RULE:[x:$1]"), Map.of(), Map.of()))
                .hasMessageContaining("auth-to-local rule 1");
        assertThatThrownBy(() -> new PrincipalCanonicalizer(List.of(), List.of("RULE:[1:$1]([)"), Map.of(), Map.of()))
                .hasMessageContaining("auth-to-local rule 0");
    }

    @Test
    void ruleMappingToEmptyNameFailsClosed() {
        PrincipalCanonicalizer c = new PrincipalCanonicalizer(List.of(), List.of("RULE:[1:$1]s/.*//"), Map.of(), Map.of());
        assertThatThrownBy(() -> c.canonicalName("x@R")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readsConfig() {
        var config = ConfigFactory.parseString("""
                citadel.security.principals {
                  local-realms = ["CITADEL.TEST"]
                  auth-to-local = ["DEFAULT"]
                  groups { alice = [eng, ops], "bob@OTHER.TEST" = [guests] }
                  roles { alice = [operators] }
                }""");
        PrincipalCanonicalizer c = PrincipalCanonicalizer.fromConfig(config, "citadel.security.principals");
        assertThat(c.subject("alice@CITADEL.TEST").groups()).containsExactlyInAnyOrder("eng", "ops");
        assertThat(c.subject("bob@OTHER.TEST").groups()).containsExactly("guests");
    }

    @Test
    void badConfigNamesTheKey() {
        var config = ConfigFactory.parseString("p { groups { alice = eng } }");
        assertThatThrownBy(() -> PrincipalCanonicalizer.fromConfig(config, "p"))
                .hasMessageContaining("p.groups.\"alice\"");
    }
}
