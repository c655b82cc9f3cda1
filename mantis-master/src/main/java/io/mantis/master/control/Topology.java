package io.mantis.master.control;

import io.mantis.master.job.Job;
import io.mantis.master.job.Worker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Who is where in a job: the data addresses of a stage's live workers, and the pushes that keep neighbours current.
 * Upstream addresses go to the next stage's workers; a stage's size goes to the previous stage's workers, whose
 * keyed routing depends on it.
 */
final class Topology {

    private final TopologyPusher pusher;

    Topology(TopologyPusher pusher) {
        this.pusher = pusher;
    }

    /** {@code host:dataPort} of the stage's placed, live workers, by index. */
    static List<String> dataAddresses(Job job, int stage) {
        List<String> addresses = new ArrayList<>();
        liveWorkers(job, stage).stream()
                .filter(w -> w.dataPort() != null)
                .sorted(Comparator.comparingInt(Worker::index))
                .forEach(w -> addresses.add(w.host() + ":" + w.dataPort()));
        return addresses;
    }

    /** True when every worker of the stage has been placed, so its addresses are complete. */
    static boolean fullyPlaced(Job job, int stage) {
        List<Worker> live = liveWorkers(job, stage);
        return live.size() == job.workerCount(stage) && live.stream().allMatch(w -> w.dataPort() != null);
    }

    /** The workers of {@code stage} moved or changed in number: tell both neighbouring stages. */
    void stageChanged(Job job, int stage) {
        int stages = job.spec().stages().size();
        if (stage < stages) {
            List<String> upstreams = dataAddresses(job, stage);
            for (Worker w : startedWorkers(job, stage + 1)) {
                pusher.upstreams(w.workerId().toString(), w.host(), w.adminPort(), upstreams);
            }
        }
        if (stage > 1) {
            int count = job.workerCount(stage);
            for (Worker w : startedWorkers(job, stage - 1)) {
                pusher.downstreamWorkers(w.workerId().toString(), w.host(), w.adminPort(), count);
            }
        }
    }

    /** A worker just started: it may have been launched with addresses that changed since. */
    void workerStarted(Job job, Worker worker) {
        int stages = job.spec().stages().size();
        if (worker.stage() > 1) {
            pusher.upstreams(worker.workerId().toString(), worker.host(), worker.adminPort(),
                    dataAddresses(job, worker.stage() - 1));
        }
        if (worker.stage() < stages) {
            pusher.downstreamWorkers(worker.workerId().toString(), worker.host(), worker.adminPort(),
                    job.workerCount(worker.stage() + 1));
        }
    }

    private static List<Worker> liveWorkers(Job job, int stage) {
        return job.workers().stream().filter(w -> w.stage() == stage && !w.state().ended()).toList();
    }

    private static List<Worker> startedWorkers(Job job, int stage) {
        return liveWorkers(job, stage).stream()
                .filter(w -> w.state() == io.mantis.master.job.WorkerState.STARTED && w.adminPort() != null)
                .toList();
    }
}
