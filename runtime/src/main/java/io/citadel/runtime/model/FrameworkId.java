package io.citadel.runtime.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identifies a framework; assigned by the leading master at first subscription and kept across
 * scheduler failovers.
 *
 * <p>Syntax as in {@link IdSyntax}: 1..255 of {@code [A-Za-z0-9._-]}, not starting with {@code .}
 * or {@code -}, no {@code ..}. Serialised by Jackson as a plain string and validated again on
 * deserialisation. Immutable.
 */
public record FrameworkId(String value) {

    /** @throws IllegalArgumentException naming {@code FrameworkId} and the bad value */
    public FrameworkId {
        IdSyntax.check("FrameworkId", value);
    }

    /** Parses and validates an id; the Jackson entry point. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static FrameworkId of(String value) {
        return new FrameworkId(value);
    }

    /** A fresh id {@code fw-<uuid>}, made by the leading master. */
    public static FrameworkId random() {
        return new FrameworkId(IdSyntax.random("fw"));
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
