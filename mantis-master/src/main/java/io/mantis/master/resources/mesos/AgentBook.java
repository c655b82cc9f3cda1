package io.mantis.master.resources.mesos;

import io.mantis.master.resources.AgentState;
import io.mantis.protocol.AgentResources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * What the provider knows of Mesos agents: the offers outstanding (not yet launched on, declined or rescinded),
 * the workers launched on each agent that have not ended, and each agent's resources as best known. Mesos tells a
 * framework only what it offers, so an agent's total is estimated as the largest "offered + used by our workers"
 * seen so far.
 *
 * <p>Thread-safe: every method holds the book's monitor.
 */
final class AgentBook {

    /** One worker's share of its agent. */
    record Use(double cpus, double memoryMB, double networkMbps) {
    }

    /** The offers a launch asked for: those still outstanding, and the ids that no longer are. */
    record Taken(List<Offer> offers, List<String> missing) {
    }

    private static final class Agent {
        final String agentId;
        String hostname = "";
        String ip = "";
        String pool = "";
        double cpus;
        double memoryMB;
        double networkMbps;
        double diskMB;
        int portsBegin;
        int portsEnd;
        long lastOfferAt;
        boolean lost;
        final Map<String, Use> workers = new LinkedHashMap<>();

        Agent(String agentId) {
            this.agentId = agentId;
        }
    }

    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final Map<String, Offer> offers = new LinkedHashMap<>();

    synchronized void offered(Offer offer, long nowMillis) {
        offers.put(offer.getId().getValue(), offer);
        Agent agent = agent(offer.getAgentId().getValue());
        agent.lost = false;
        agent.hostname = offer.getHostname();
        if (offer.hasUrl() && !offer.getUrl().getAddress().getIp().isEmpty()) {
            agent.ip = offer.getUrl().getAddress().getIp();
        }
        agent.lastOfferAt = nowMillis;
        offer.getAttributesList().stream()
                .filter(a -> "pool".equals(a.getName()) && a.getType() == Value.Type.TEXT)
                .findFirst().ifPresent(a -> agent.pool = a.getText().getValue());
        double usedCpus = agent.workers.values().stream().mapToDouble(Use::cpus).sum();
        double usedMem = agent.workers.values().stream().mapToDouble(Use::memoryMB).sum();
        double usedNet = agent.workers.values().stream().mapToDouble(Use::networkMbps).sum();
        agent.cpus = Math.max(agent.cpus, OfferConverter.scalar(offer, OfferConverter.CPUS) + usedCpus);
        agent.memoryMB = Math.max(agent.memoryMB, OfferConverter.scalar(offer, OfferConverter.MEM) + usedMem);
        agent.networkMbps = Math.max(agent.networkMbps, OfferConverter.scalar(offer, OfferConverter.NETWORK)
                + usedNet);
        agent.diskMB = Math.max(agent.diskMB, OfferConverter.scalar(offer, OfferConverter.DISK));
        for (Resource r : offer.getResourcesList()) {
            if (OfferConverter.PORTS.equals(r.getName()) && r.getType() == Value.Type.RANGES) {
                for (Value.Range range : r.getRanges().getRangeList()) {
                    agent.portsBegin = agent.portsBegin == 0 ? (int) range.getBegin()
                            : Math.min(agent.portsBegin, (int) range.getBegin());
                    agent.portsEnd = Math.max(agent.portsEnd, (int) range.getEnd());
                }
            }
        }
    }

    /** Removes a rescinded offer; false when it was not outstanding. */
    synchronized boolean rescind(String offerId) {
        return offers.remove(offerId) != null;
    }

    /** Removes the outstanding offers among {@code offerIds} and returns them with the ids that were not there. */
    synchronized Taken take(Collection<String> offerIds) {
        List<Offer> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String id : offerIds) {
            Offer offer = offers.remove(id);
            if (offer == null) {
                missing.add(id);
            } else {
                found.add(offer);
            }
        }
        return new Taken(found, missing);
    }

    /** Forgets every outstanding offer (the subscription ended: Mesos has taken them back) and returns their ids. */
    synchronized List<String> dropOffers() {
        List<String> ids = new ArrayList<>(offers.keySet());
        offers.clear();
        return ids;
    }

    /** Marks the agent lost, forgets its workers, and returns the ids of its outstanding offers (now removed). */
    synchronized List<String> lose(String agentId) {
        Agent agent = agent(agentId);
        agent.lost = true;
        agent.workers.clear();
        List<String> ids = new ArrayList<>();
        offers.values().removeIf(o -> {
            boolean there = o.getAgentId().getValue().equals(agentId);
            if (there) {
                ids.add(o.getId().getValue());
            }
            return there;
        });
        return ids;
    }

    synchronized void launched(String agentId, String workerId, Use use) {
        agent(agentId).workers.put(workerId, use);
    }

    /** The worker ended (or never started): it no longer uses its agent. */
    synchronized void ended(String workerId) {
        agents.values().forEach(a -> a.workers.remove(workerId));
    }

    /** The agent a live worker runs on; null when none of ours is known to run it. */
    synchronized String agentOf(String workerId) {
        for (Agent a : agents.values()) {
            if (a.workers.containsKey(workerId)) {
                return a.agentId;
            }
        }
        return null;
    }

    /** The machine of an agent seen in an offer; null when none was. */
    synchronized AgentMachine machine(String agentId) {
        Agent a = agents.get(agentId);
        return a == null ? null : new AgentMachine(a.agentId, a.hostname, a.ip);
    }

    /** Every agent seen, in the order first seen. */
    synchronized List<AgentState> views() {
        List<AgentState> views = new ArrayList<>(agents.size());
        for (Agent a : agents.values()) {
            views.add(new AgentState(a.agentId, a.hostname, a.pool, a.lost ? AgentState.LOST : AgentState.ACTIVE,
                    "mesos", new AgentResources(a.cpus, a.memoryMB, a.networkMbps, a.diskMB, a.portsBegin,
                    a.portsEnd),
                    a.workers.values().stream().mapToDouble(Use::cpus).sum(),
                    a.workers.values().stream().mapToDouble(Use::memoryMB).sum(),
                    a.workers.values().stream().mapToDouble(Use::networkMbps).sum(),
                    List.copyOf(a.workers.keySet()), a.lastOfferAt));
        }
        return views;
    }

    private Agent agent(String agentId) {
        return agents.computeIfAbsent(agentId, Agent::new);
    }
}
