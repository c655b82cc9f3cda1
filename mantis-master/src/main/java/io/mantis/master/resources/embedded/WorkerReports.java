package io.mantis.master.resources.embedded;

import io.mantis.master.resources.KnownWorker;
import io.mantis.master.resources.WorkerStatus;
import io.mantis.master.resources.WorkerStatus.State;
import io.mantis.master.resources.embedded.Agent.LiveWorker;
import io.mantis.master.resources.embedded.Agent.ReportTrack;
import io.mantis.protocol.WorkerReport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the worker reports of one heartbeat to an agent's bookkeeping: passes changes on, ends workers that
 * exited, loses workers the agent no longer reports, and decides what the agent must kill and forget. Runs under
 * the provider's lock.
 */
final class WorkerReports {

    private static final Logger log = LoggerFactory.getLogger(WorkerReports.class);

    /** The reply's lists, and whether any resources came free. */
    record Outcome(List<String> kill, List<String> forget, boolean freed) {
    }

    private final Agent agent;
    private final Map<String, KnownWorker> known;
    private final Outbox out;
    private final List<String> kill = new ArrayList<>();
    private final List<String> forget = new ArrayList<>();
    private boolean freed;

    private WorkerReports(Agent agent, Map<String, KnownWorker> known, Outbox out) {
        this.agent = agent;
        this.known = known;
        this.out = out;
    }

    /**
     * @param known             ids among the reports that this agent did not launch but the job manager knows
     * @param missingHeartbeats heartbeats in a row an accepted worker may be missing from before it is LOST
     */
    static Outcome apply(Agent agent, List<WorkerReport> reports, Map<String, KnownWorker> known,
                         int missingHeartbeats,
                         Outbox out) {
        WorkerReports apply = new WorkerReports(agent, known, out);
        Set<String> reported = new HashSet<>();
        for (WorkerReport report : reports) {
            reported.add(report.workerId());
            apply.one(report);
        }
        agent.reports.keySet().retainAll(reported);
        apply.loseMissing(reported, missingHeartbeats);
        return new Outcome(apply.kill, apply.forget, apply.freed);
    }

    static WorkerStatus toStatus(String agentId, WorkerReport report) {
        return switch (report.status()) {
            case STARTING -> new WorkerStatus(report.workerId(), agentId, State.STARTING, null, null);
            case RUNNING -> new WorkerStatus(report.workerId(), agentId, State.RUNNING, null, null);
            case EXITED -> new WorkerStatus(report.workerId(), agentId, State.EXITED, report.exitCode(),
                    report.reason() != null ? report.reason()
                            : report.exitCode() != null ? "exited with code " + report.exitCode() : "exited");
        };
    }

    private void one(WorkerReport report) {
        String id = report.workerId();
        boolean exited = report.status() == WorkerReport.Status.EXITED;
        LiveWorker live = agent.workers.get(id);
        ReportTrack track = agent.reports.get(id);
        if (live == null && track == null) {
            if (!known.containsKey(id)) {
                // Nobody wants it: stop it, or let the agent drop its exit.
                (exited ? forget : kill).add(id);
                return;
            }
            if (!exited) {
                // Known to the job manager but launched by an earlier master: track it, with the resources and
                // ports the job manager says it holds, so its end is noticed and its capacity is not offered twice.
                KnownWorker k = known.get(id);
                live = new LiveWorker(id, k.cpus(), k.memoryMB(), k.networkMbps(), k.ports());
                agent.workers.put(id, live);
                log.info("agent {} runs worker {} launched before; adopted", agent.agentId, id);
            }
        }
        if (live != null) {
            live.accepted = true;
            live.missing = 0;
            if (exited) {
                agent.workers.remove(id);
                freed = true;
            }
        }
        if (track == null) {
            track = new ReportTrack();
            agent.reports.put(id, track);
        }
        WorkerStatus status = toStatus(agent.agentId, report);
        if (!status.equals(track.sent)) {
            out.reported(status, track);
        } else if (exited && track.stored) {
            forget.add(id);
        }
    }

    private void loseMissing(Set<String> reported, int missingHeartbeats) {
        for (Iterator<LiveWorker> it = agent.workers.values().iterator(); it.hasNext(); ) {
            LiveWorker worker = it.next();
            if (worker.accepted && !reported.contains(worker.workerId) && ++worker.missing >= missingHeartbeats) {
                it.remove();
                freed = true;
                out.status(worker.workerId, agent.agentId, State.LOST,
                        "agent " + agent.agentId + " does not know worker " + worker.workerId);
            }
        }
    }
}
