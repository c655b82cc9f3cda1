package io.mantis.master.control;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mantis.master.job.Job;
import io.mantis.master.store.MetadataStore;
import io.mantis.master.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Jobs, clusters and job-number counters as JSON documents in the {@link MetadataStore}: {@code jobs/<id>},
 * {@code clusters/<name>}, {@code counters/<cluster>}. Calls block until the write is durable.
 */
final class JobRepository {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final MetadataStore store;

    JobRepository(MetadataStore store) {
        this.store = store;
    }

    void save(Job job) {
        store.put("jobs/" + job.spec().id(), write(job));
    }

    List<Job> loadJobs() {
        return loadAll("jobs", Job.class);
    }

    void saveCluster(ClusterRecord cluster) {
        store.put("clusters/" + cluster.name(), write(cluster));
    }

    List<ClusterRecord> loadClusters() {
        return loadAll("clusters", ClusterRecord.class);
    }

    void deleteCluster(String name) {
        store.delete("clusters/" + name);
    }

    /** The next job number of a cluster, stored before it is handed out so a number is never reused. */
    int nextJobNumber(String cluster) {
        String path = "counters/" + cluster;
        int next = store.get(path).map(b -> Integer.parseInt(new String(b, StandardCharsets.UTF_8))).orElse(0) + 1;
        store.put(path, Integer.toString(next).getBytes(StandardCharsets.UTF_8));
        return next;
    }

    private <T> List<T> loadAll(String folder, Class<T> type) {
        List<T> result = new ArrayList<>();
        for (String name : store.children(folder)) {
            byte[] data = store.get(folder + "/" + name).orElse(null);
            if (data == null) {
                continue;
            }
            try {
                result.add(MAPPER.readValue(data, type));
            } catch (IOException e) {
                throw new StoreException("cannot read " + folder + "/" + name + ": " + e.getMessage(), e);
            }
        }
        return result;
    }

    private static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
