package io.citadel.security.policy;

/**
 * How a resource kind's values are spelled, normalised and matched. The kind name {@code role} is
 * a role path, {@code uri} is a URI, every other kind ({@code user}, {@code agent},
 * {@code framework_principal}, ...) is a flat name.
 *
 * <p>Hierarchical kinds split values on {@code /}: wildcards never cross a {@code /} and
 * {@code isRecursive} extends a match to descendants. The <em>index key</em> is the literal part of a
 * value the engine indexes on: the first component of a role path, {@code scheme://authority} of a
 * URI, the whole value of a name. Immutable.
 */
public enum ResourceKind {
    /** {@code eng/frontend}: components separated by {@code /}. */
    ROLE_PATH(true),
    /** {@code https://repo.test/a/b}: see {@link ResourceNormalizer#normalizeUri(String)}. */
    URI(true),
    /** Flat, case-sensitive names; {@code *} and {@code ?} match any characters. */
    NAME(false);

    private final boolean hierarchical;

    ResourceKind(boolean hierarchical) {
        this.hierarchical = hierarchical;
    }

    /** The kind used for a resource-kind name found in a request or a policy. */
    public static ResourceKind of(String kindName) {
        return switch (kindName) {
            case "role" -> ROLE_PATH;
            case "uri" -> URI;
            default -> NAME;
        };
    }

    public boolean hierarchical() {
        return hierarchical;
    }

    /** The index key of a normalised value (see class comment). */
    String indexKey(String value) {
        return switch (this) {
            case ROLE_PATH -> {
                int slash = value.indexOf('/');
                yield slash < 0 ? value : value.substring(0, slash);
            }
            case URI -> {
                int start = value.indexOf("://");
                int slash = start < 0 ? -1 : value.indexOf('/', start + 3);
                yield slash < 0 ? value : value.substring(0, slash);
            }
            case NAME -> value;
        };
    }
}
