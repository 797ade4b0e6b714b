package io.citadel.runtime.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identifies an agent registration; assigned by the leading master when an agent first registers
 * (a restarted agent that recovers its checkpoint keeps it).
 *
 * <p>Syntax as in {@link IdSyntax}: 1..255 of {@code [A-Za-z0-9._-]}, not starting with {@code .}
 * or {@code -}, no {@code ..}. Serialised by Jackson as a plain string and validated again on
 * deserialisation. Immutable.
 */
public record AgentId(String value) {

    /** @throws IllegalArgumentException naming {@code AgentId} and the bad value */
    public AgentId {
        IdSyntax.check("AgentId", value);
    }

    /** Parses and validates an id; the Jackson entry point. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static AgentId of(String value) {
        return new AgentId(value);
    }

    /** A fresh id {@code agent-<uuid>}, made by the leading master. */
    public static AgentId random() {
        return new AgentId(IdSyntax.random("agent"));
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
