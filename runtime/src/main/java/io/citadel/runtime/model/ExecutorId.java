package io.citadel.runtime.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identifies an executor within its framework on an agent; chosen by the framework (or derived
 * from the task id for command tasks).
 *
 * <p>Syntax as in {@link IdSyntax}: 1..255 of {@code [A-Za-z0-9._-]}, not starting with {@code .}
 * or {@code -}, no {@code ..}. Serialised by Jackson as a plain string and validated again on
 * deserialisation. Immutable.
 */
public record ExecutorId(String value) {

    /** @throws IllegalArgumentException naming {@code ExecutorId} and the bad value */
    public ExecutorId {
        IdSyntax.check("ExecutorId", value);
    }

    /** Parses and validates an id; the Jackson entry point. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ExecutorId of(String value) {
        return new ExecutorId(value);
    }

    @Override
    @JsonValue
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
