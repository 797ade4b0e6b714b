/**
 * The pure policy engine: no Pekko, no Citadel domain types. Owned by the authorizer actor (which
 * gathers requests, calls the engine, caches decisions and audits them); every class here is
 * immutable or thread-safe.
 *
 * <h2>Vocabulary</h2>
 * <ul>
 *   <li>{@link io.citadel.security.policy.Subject}: canonical user, groups, security roles, made by
 *       {@link io.citadel.security.policy.PrincipalCanonicalizer} from the Kerberos acceptor's name.</li>
 *   <li>{@link io.citadel.security.policy.AccessRequest}: subject + action + typed resource map;
 *       {@link io.citadel.security.policy.Decision}: allowed, deciding policy id, reason, audit flag.</li>
 *   <li>Resource kinds ({@link io.citadel.security.policy.ResourceKind}): {@code role} paths,
 *       {@code uri}s and flat names, normalised by
 *       {@link io.citadel.security.policy.ResourceNormalizer} on both sides.</li>
 *   <li>Two policy formats: {@link io.citadel.security.policy.RangerPolicy} (allow / deny items with
 *       exceptions, priorities) and {@link io.citadel.security.policy.MesosAcls} (ordered rules,
 *       first match, {@code permissive}).</li>
 * </ul>
 *
 * <h2>Flow</h2>
 * {@link io.citadel.security.policy.PolicyLoader} reads JSON files strictly into an immutable
 * {@link io.citadel.security.policy.PolicySet} (indexed, pre-normalised);
 * {@link io.citadel.security.policy.PolicyStore} holds the set in force and swaps it atomically on
 * reload; both implement {@link io.citadel.security.policy.PolicyEngine#evaluate}.
 */
package io.citadel.security.policy;
