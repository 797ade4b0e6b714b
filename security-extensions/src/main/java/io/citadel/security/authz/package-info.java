/**
 * Authorization on a master: {@link io.citadel.security.authz.AuthorizationService} (canonicalise,
 * cache, decide, audit, fail closed; called synchronously by the leading master),
 * {@link io.citadel.security.authz.Authorizer} (the per-node actor that reloads policy files and answers
 * dry runs) and {@link io.citadel.security.authz.AuthorizationSettings} ({@code citadel.authorization}).
 * No Citadel domain types: actions are strings from {@link io.citadel.security.policy.Actions} and
 * resources are {@code kind -> value} maps.
 */
package io.citadel.security.authz;
