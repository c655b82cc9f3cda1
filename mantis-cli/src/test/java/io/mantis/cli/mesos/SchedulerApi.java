package io.mantis.cli.mesos;

import java.util.List;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * {@code POST /api/v1/scheduler}: checks a call as the Mesos master does (body, content type, framework, stream id),
 * records it, and applies it to the {@link MesosCore}. Runs on the master's loop thread.
 */
final class SchedulerApi {

    static final String PATH = "/api/v1/scheduler";
    static final String PROTOBUF = "application/x-protobuf";

    private final MesosCore core;
    private final List<Call> calls;

    SchedulerApi(MesosCore core, List<Call> calls) {
        this.core = core;
        this.calls = calls;
    }

    void handle(LoopbackHttpServer.Request request) {
        if (!request.path().equals(PATH)) {
            request.respond(404, "no such endpoint: " + request.path());
            return;
        }
        Call call = ProtobufRequests.read(request, Call.parser(), "fake master", "Call");
        if (call == null) {
            return;
        }
        calls.add(call);
        if (!call.hasType()) {
            request.respond(400, "Failed to validate scheduler::Call: Expecting 'type' to be present");
        } else if (call.getType() == Call.Type.SUBSCRIBE) {
            subscribe(request, call);
        } else {
            other(request, call);
        }
    }

    private void subscribe(LoopbackHttpServer.Request request, Call call) {
        String accept = request.headers().get("Accept");
        if (accept != null && !accept.contains(PROTOBUF) && !accept.contains("*/*")) {
            request.respond(406, "Expecting 'Accept' to allow " + PROTOBUF);
            return;
        }
        if (!call.hasSubscribe() || !call.getSubscribe().hasFrameworkInfo()) {
            request.respond(400, "Failed to validate scheduler::Call: Expecting 'subscribe' to be present");
            return;
        }
        var info = call.getSubscribe().getFrameworkInfo();
        if (call.hasFrameworkId() != info.hasId()
                || (call.hasFrameworkId() && !call.getFrameworkId().equals(info.getId()))) {
            request.respond(400, "Failed to validate scheduler::Call: 'framework_id' differs from"
                    + " 'subscribe.framework_info.id'");
            return;
        }
        core.subscribe(request, call);
    }

    /** Checks and applies a non-SUBSCRIBE call, answering 202, or 400/403 as the Mesos master would. */
    private void other(LoopbackHttpServer.Request request, Call call) {
        if (!call.hasFrameworkId()) {
            request.respond(400, "Failed to validate scheduler::Call: Expecting 'framework_id' to be present");
            return;
        }
        FrameworkRecord fw = core.frameworks.get(call.getFrameworkId().getValue());
        String streamId = request.headers().get("Mesos-Stream-Id");
        if (fw == null) {
            request.respond(403, "Framework cannot be found");
        } else if (!fw.connected()) {
            request.respond(403, "Framework is not subscribed");
        } else if (streamId == null) {
            request.respond(400, "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
        } else if (!streamId.equals(fw.streamId)) {
            request.respond(400, "The stream ID '" + streamId + "' included in this request didn't match the"
                    + " stream ID currently associated with framework ID " + fw.id);
        } else {
            apply(request, fw, call);
        }
    }

    private void apply(LoopbackHttpServer.Request request, FrameworkRecord fw, Call call) {
        switch (call.getType()) {
            case ACCEPT -> core.accept(fw, call.getAccept());
            case DECLINE -> core.decline(fw, call.getDecline());
            case KILL -> core.agentSide().kill(fw, call.getKill());
            case ACKNOWLEDGE -> {
                String problem = core.agentSide().acknowledge(fw, call.getAcknowledge());
                if (problem != null) {
                    request.respond(400, problem);
                    return;
                }
            }
            case RECONCILE -> core.reconcile(fw, call.getReconcile());
            case REVIVE -> core.revive(fw);
            case SUPPRESS -> fw.suppressed = true;
            case TEARDOWN -> {
                request.respond(202, "");
                core.teardown(fw);
                return;
            }
            case MESSAGE, SHUTDOWN, REQUEST -> {
                // accepted and ignored: the fake agents' executors take no framework messages
            }
            default -> {
                request.respond(400, "Call type " + call.getType() + " is not supported by the fake master");
                return;
            }
        }
        request.respond(202, "");
    }
}
