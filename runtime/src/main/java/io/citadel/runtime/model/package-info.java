/**
 * Citadel's domain model: identifiers, resources, reservations, roles, attributes and task states.
 * Plain immutable Java (records and enums), no Pekko, shared by the master, the agent, the
 * framework SDK and the wire protocols; every type validates itself on construction, including
 * Jackson deserialisation, so an invalid inbound message never becomes an instance.
 *
 * <h2>Vocabulary</h2>
 * <ul>
 *   <li>{@link io.citadel.runtime.model.FrameworkId}, {@link io.citadel.runtime.model.AgentId},
 *       {@link io.citadel.runtime.model.OfferId} (made by the master, {@code random()}),
 *       {@link io.citadel.runtime.model.TaskId}, {@link io.citadel.runtime.model.ExecutorId}
 *       (chosen by frameworks): one syntax, safe in paths and logs; plain strings on the wire.</li>
 *   <li>{@link io.citadel.runtime.model.Resources}: scalars in milli-units (0.001 fixed point:
 *       {@code cpus:0.1} is 100) and {@code ports} as {@link io.citadel.runtime.model.Range}s;
 *       exact {@code plus}/{@code minus}/{@code contains}, never negative, never zero-valued.</li>
 *   <li>{@link io.citadel.runtime.model.AgentResources}: one agent's resources split into
 *       unreserved (role {@code *}) and reserved per {@link io.citadel.runtime.model.Role}.</li>
 *   <li>{@link io.citadel.runtime.model.Attributes}: text, scalar or range facts about an agent.</li>
 *   <li>{@link io.citadel.runtime.model.TaskState} (with its transition table) and
 *       {@link io.citadel.runtime.model.TaskStatusReason}.</li>
 *   <li>{@link io.citadel.runtime.model.InvalidResourcesException}: every problem in a resource
 *       text or message, each naming its field, for a typed error reply.</li>
 * </ul>
 *
 * <h2>Flow</h2>
 * <pre>
 *   agent config "cpus(ads):8;cpus:4;mem:8192;ports:[31000-32000]"
 *        │ AgentResources.parse (refuses overlaps on one agent, B03)
 *        ▼
 *   master/allocator: total and free AgentResources per agent
 *        │ free.allocatableTo(role) → offer (Resources)
 *        ▼
 *   framework: task request Resources.parse("cpus:0.1;mem:100").validateForTask() (B04)
 *        │ accept: offer.contains(task) → free = free.minus("*" or role, task) (B06: exact)
 *        ▼
 *   task ends: free = free.plus(role, task); TaskState moves STAGING → … → terminal
 * </pre>
 *
 * Cluster-wide totals (DRF shares) add {@link io.citadel.runtime.model.Resources#scalarsOnly()}
 * per agent: ports are per agent, and identical ranges on two agents are two sets of ports.
 */
package io.citadel.runtime.model;
