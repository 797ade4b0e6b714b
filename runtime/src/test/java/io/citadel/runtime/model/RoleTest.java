package io.citadel.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoleTest {

    @ParameterizedTest
    @ValueSource(strings = {"*", "ads", "eng/frontend", "a/b/c", "role-1", "a.b", "x_y", "a-", "a/b-c", "...a"})
    void acceptsMesosValidRoles(String name) {
        assertThat(Role.validate(name)).isEqualTo(name);
        assertThat(Role.of(name).name()).isEqualTo(name);
    }

    /** The Mesos role rules, plus Citadel's stricter character set. */
    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("", "must not be empty"),
                Arguments.of(".", "must not have a component '.'"),
                Arguments.of("..", "must not have a component '..'"),
                Arguments.of("eng/./web", "must not have a component '.'"),
                Arguments.of("eng/../web", "must not have a component '..'"),
                Arguments.of("-eng", "component '-eng' must not start with '-'"),
                Arguments.of("eng/-web", "component '-web' must not start with '-'"),
                Arguments.of("eng//web", "must not contain '//'"),
                Arguments.of("/eng", "must not start with '/'"),
                Arguments.of("eng/", "must not end with '/'"),
                Arguments.of("a b", "whitespace"),
                Arguments.of("a\tb", "U+0009"),
                Arguments.of("a\u007fb", "U+007F"),
                Arguments.of("r\u00f4le", "non-ASCII"),
                Arguments.of("**", "'*' is allowed only as the whole default role"),
                Arguments.of("eng/*", "'*' is allowed only as the whole default role"),
                Arguments.of("a(b)", "must not contain '('"),
                Arguments.of("a:b", "must not contain ':'"),
                Arguments.of("a;b", "must not contain ';'"),
                Arguments.of("a\\b", "must not contain '\\'"),
                Arguments.of("r".repeat(256), "256 characters long"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsInvalidRolesNamingTheRule(String name, String expected) {
        assertThatThrownBy(() -> Role.of(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("role '")
                .hasMessageContaining(expected);
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> Role.validate(null)).hasMessage("role 'null': must not be null");
    }

    @Test
    void hierarchy() {
        Role web = Role.of("eng/frontend/web");
        assertThat(web.parent()).contains(Role.of("eng/frontend"));
        assertThat(Role.of("eng").parent()).isEmpty();
        assertThat(Role.DEFAULT.parent()).isEmpty();
        assertThat(Role.DEFAULT.isDefault()).isTrue();
        assertThat(Role.of("eng").isAncestorOf(web)).isTrue();
        assertThat(Role.of("eng/frontend").isAncestorOf(web)).isTrue();
        assertThat(web.isAncestorOf(web)).isFalse();
        assertThat(web.isAncestorOf(Role.of("eng"))).isFalse();
        assertThat(Role.of("en").isAncestorOf(Role.of("eng/x"))).isFalse();
        assertThat(Role.of("eng").isAncestorOf(Role.of("engineering"))).isFalse();
        assertThat(Role.DEFAULT.isAncestorOf(Role.of("eng"))).isFalse();
    }
}
