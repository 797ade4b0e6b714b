package io.citadel.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "job-1", "A.b_c-9", "0", "x.y", "_hidden_is_fine"})
    void acceptsValidIds(String value) {
        assertThat(TaskId.of(value).value()).isEqualTo(value);
        assertThat(AgentId.of(value).toString()).isEqualTo(value);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("", "must not be empty"),
                Arguments.of(".hidden", "must not start with '.'"),
                Arguments.of("-rf", "must not start with '-'"),
                Arguments.of("a..b", "must not contain '..'"),
                Arguments.of("a/b", "'/'"),
                Arguments.of("a b", "' '"),
                Arguments.of("a\nb", "U+000A"),
                Arguments.of("é", "U+00E9"),
                Arguments.of("x".repeat(256), "256 characters long"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsInvalidIdsNamingTypeAndValue(String value, String expected) {
        assertThatThrownBy(() -> TaskId.of(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("TaskId")
                .hasMessageContaining(expected);
    }

    @Test
    void errorNamesEachIdType() {
        Stream.<Function<String, Object>>of(FrameworkId::of, AgentId::of, OfferId::of, TaskId::of, ExecutorId::of)
                .forEach(factory -> assertThatThrownBy(() -> factory.apply("bad id"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageMatching("(FrameworkId|AgentId|OfferId|TaskId|ExecutorId) 'bad id'.*"));
        assertThatThrownBy(() -> ExecutorId.of(null)).hasMessage("ExecutorId must not be null");
    }

    @Test
    void errorEscapesControlCharactersSoLogsCannotBeForged() {
        assertThatThrownBy(() -> TaskId.of("ok\nFAKE LOG LINE"))
                .hasMessageNotContaining("\n")
                .hasMessageContaining("ok\\u000aFAKE");
    }

    @Test
    void randomIdsAreValidPrefixedAndDistinct() {
        assertThat(FrameworkId.random().value()).startsWith("fw-");
        assertThat(AgentId.random().value()).startsWith("agent-");
        assertThat(OfferId.random()).isNotEqualTo(OfferId.random());
        assertThat(OfferId.of(OfferId.random().value())).isNotNull();
    }

    @Test
    void idsOfDifferentTypesAreNotEqual() {
        assertThat((Object) TaskId.of("x")).isNotEqualTo(ExecutorId.of("x"));
        assertThat(TaskId.of("x")).isEqualTo(TaskId.of("x")).hasSameHashCodeAs(TaskId.of("x"));
    }
}
