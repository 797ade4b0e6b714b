package io.citadel.runtime.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identifies a task within its framework; chosen by the framework, so it is untrusted input and
 * duplicates are the master's business (B02).
 *
 * <p>Syntax as in {@link IdSyntax}: 1..255 of {@code [A-Za-z0-9._-]}, not starting with {@code .}
 * or {@code -}, no {@code ..}. Serialised by Jackson as a plain string and validated again on
 * deserialisation. Immutable.
 */
public record TaskId(String value) {

    /** @throws IllegalArgumentException naming {@code TaskId} and the bad value */
    public TaskId {
        IdSyntax.check("TaskId", value);
    }

    /** Parses and validates an id; the Jackson entry point. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TaskId of(String value) {
        return new TaskId(value);
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
