/**
 * The DRF allocator core: Mesos's hierarchical weighted DRF allocator as plain Java (no Pekko, no
 * threads, time passed in), owned and driven by the allocator singleton actor.
 *
 * <p><b>Vocabulary.</b> A <i>client</i> is one framework in one role; a role's <i>share</i> is its
 * dominant share (max over scalars of allocated / cluster total) divided by its weight, and a
 * parent role's allocation includes its children's. <i>Consumption</i> (for quota) is allocated plus
 * reserved. <i>Headroom</i> is the unreserved free resources held back for unmet guarantees. An
 * <i>offer</i> counts as allocated until it is declined, rescinded or recovered.
 *
 * <p><b>Flow.</b> The actor feeds changes into {@link io.citadel.master.allocator.drf.DrfAllocator}
 * (agents, frameworks, accepts and declines, recovered resources, weights, quotas, demands) and calls
 * {@code allocate(now)} every allocation interval; the returned
 * {@link io.citadel.master.allocator.drf.AllocationResult} lists offers, unsatisfiable demands and
 * rescinds, which the leading master re-validates. Inside: {@code RoleTree} is the incremental
 * sorter, {@code OfferBook} the single keeper of the resource books, {@code AllocationRound} the two
 * stages of one round, {@code Vec}/{@code ScalarIndex} the dense scalar vectors.
 */
package io.citadel.master.allocator.drf;
