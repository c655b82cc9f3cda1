package io.mantis.runtime.admin;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/** What a worker's admin endpoint can ask of and tell the worker. Called on Netty's event loop. */
public interface AdminHandler {

    /** A JSON-mappable snapshot for {@code GET /health}: state, job, stage, worker, ports. */
    Map<String, Object> health();

    /** {@code PUT /upstreams}: the previous stage's workers are now these. */
    void setUpstreams(List<InetSocketAddress> upstreams);

    /** {@code PUT /downstream-workers}: the next stage now has {@code count} workers. */
    void setDownstreamWorkers(int count);
}
