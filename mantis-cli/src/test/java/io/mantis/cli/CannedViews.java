package io.mantis.cli;

/** Canned JSON shaped like the master's {@code Views}, for the fake master's answers. */
public final class CannedViews {

    private CannedViews() {
    }

    public static final String SHA = "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12";

    public static String artifact(String fileName) {
        return """
                {"sha256":"%s","size":2048,"fileName":"%s","uploadedAt":1700000000000,
                 "job":{"name":"sine","description":"d","stages":[
                   {"number":1,"name":"gen","kind":"scalar","workers":1,"cpus":1,"memoryMB":512,"networkMbps":10,"diskMB":0},
                   {"number":2,"name":"out","kind":"scalar","workers":2,"cpus":1,"memoryMB":512,"networkMbps":10,"diskMB":0}],
                 "parameters":[]}}""".formatted(SHA, fileName);
    }

    /** A worker; {@code sinkPort} null means not placed yet. */
    public static String worker(String id, int stage, String state, Integer sinkPort, String reason) {
        return """
                {"workerId":"%s","stage":%d,"index":0,"number":1,"state":"%s","agentId":"perpetual-1",
                 "host":%s,"dataPort":%s,"sinkPort":%s,"adminPort":%s,"attempt":1,"launchedAt":1700000000000,
                 "startedAt":null,"endedAt":null,"reason":%s}""".formatted(id, stage, state,
                sinkPort == null ? "null" : "\"127.0.0.1\"", sinkPort == null ? "null" : sinkPort - 1,
                sinkPort, sinkPort == null ? "null" : sinkPort + 1, reason == null ? "null" : "\"" + reason + "\"");
    }

    /** A two-stage job (1 + 2 workers) with the given workers. */
    public static String job(String id, String state, String reason, String... workers) {
        return """
                {"id":"%s","cluster":"sine","state":"%s","durationType":"PERPETUAL","pool":"perpetual",
                 "artifact":"%s","parameters":{"rate":"5"},
                 "stages":[{"stage":1,"name":"gen","workers":1,"machine":null},
                           {"stage":2,"name":"out","workers":2,"machine":null}],
                 "workers":[%s],"submittedAt":1700000000000,"endedAt":null,"reason":%s}""".formatted(id, state, SHA,
                String.join(",", workers), reason == null ? "null" : "\"" + reason + "\"");
    }

    public static String cluster(String name) {
        return """
                {"name":"%s","artifact":"%s","artifactVersions":["%s"],"parameters":{"rate":"5"},
                 "stages":[{"workers":1,"machine":null},{"workers":2,"machine":null}],
                 "sla":{"min":0,"max":1,"cron":null},"durationType":"PERPETUAL","activeJobs":["%s-1"],
                 "createdAt":1700000000000,"updatedAt":1700000000000}""".formatted(name, SHA, SHA, name);
    }

    public static String error(String kind, String message) {
        return "{\"error\":\"" + kind + "\",\"message\":\"" + message + "\"}";
    }
}
