package io.citadel.master.gateway;

import io.citadel.master.leader.LeaderProtocol;
import io.citadel.runtime.client.ClientSettings;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * What a master's gateway and its sessions need from the rest of the master: the cluster actor system
 * in which bridges live, the leading master's singleton proxy, the identity seal, the lease timings
 * and the counters. Immutable.
 */
public record GatewayContext(
    ActorSystem<?> clusterSystem,
    ActorRef<LeaderProtocol.Command> leader,
    IdentitySeal seal,
    TokenVerifier verifier,
    String gatewayName,
    GatewaySettings settings,
    GatewayMetrics metrics) {}
