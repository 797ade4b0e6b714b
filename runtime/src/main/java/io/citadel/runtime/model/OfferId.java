package io.citadel.runtime.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identifies one offer; assigned by the leading master and never reused, so a used or rescinded
 * offer id can be recognised (B01, B08).
 *
 * <p>Syntax as in {@link IdSyntax}: 1..255 of {@code [A-Za-z0-9._-]}, not starting with {@code .}
 * or {@code -}, no {@code ..}. Serialised by Jackson as a plain string and validated again on
 * deserialisation. Immutable.
 */
public record OfferId(String value) {

    /** @throws IllegalArgumentException naming {@code OfferId} and the bad value */
    public OfferId {
        IdSyntax.check("OfferId", value);
    }

    /** Parses and validates an id; the Jackson entry point. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static OfferId of(String value) {
        return new OfferId(value);
    }

    /** A fresh id {@code offer-<uuid>}, made by the leading master. */
    public static OfferId random() {
        return new OfferId(IdSyntax.random("offer"));
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
