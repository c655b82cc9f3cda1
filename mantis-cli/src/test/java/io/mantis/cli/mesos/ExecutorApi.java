package io.mantis.cli.mesos;

import java.util.List;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.executor.Protos.Call;

/**
 * {@code POST /api/v1/executor} of one fake agent: checks an executor's call as a Mesos agent does and hands it to
 * {@link AgentSide}. Runs on the master's loop thread.
 */
final class ExecutorApi {

    static final String PATH = "/api/v1/executor";

    private final MesosCore core;
    private final List<Call> calls;

    ExecutorApi(MesosCore core, List<Call> calls) {
        this.core = core;
        this.calls = calls;
    }

    void handle(FakeAgent agent, LoopbackHttpServer.Request request) {
        if (!request.path().equals(PATH)) {
            request.respond(404, "no such endpoint: " + request.path());
            return;
        }
        Call call = ProtobufRequests.read(request, Call.parser(), "fake agent", "executor::Call");
        if (call == null) {
            return;
        }
        calls.add(call);
        ExecutorRun run = agent.runs.get(call.getExecutorId().getValue());
        if (run == null || run.exited || !run.frameworkId.equals(call.getFrameworkId().getValue())) {
            request.respond(400, "Executor '" + call.getExecutorId().getValue() + "' of framework '"
                    + call.getFrameworkId().getValue() + "' is not running on agent " + agent.spec.id());
            return;
        }
        switch (call.getType()) {
            case SUBSCRIBE -> core.agentSide().executorSubscribed(run,
                    request.openStream(h -> { }), call.getSubscribe());
            case UPDATE -> {
                String problem = checkUpdate(run, call);
                if (problem != null) {
                    request.respond(problem.startsWith("Executor is not") ? 403 : 400, problem);
                    return;
                }
                request.respond(202, "");
                core.agentSide().update(run, call.getUpdate().getStatus());
            }
            case MESSAGE, HEARTBEAT -> {
                if (!run.subscribed) {
                    request.respond(403, "Executor is not subscribed");
                    return;
                }
                request.respond(202, "");
            }
            default -> request.respond(400, "Call type " + call.getType() + " is not supported by the fake agent");
        }
    }

    private static String checkUpdate(ExecutorRun run, Call call) {
        if (!run.subscribed) {
            return "Executor is not subscribed";
        }
        if (!call.hasUpdate() || !call.getUpdate().hasStatus()) {
            return "Expecting 'update' to be present";
        }
        var status = call.getUpdate().getStatus();
        if (!status.hasUuid()) {
            return "Expecting 'uuid' to be present";
        }
        if (status.getState() == TaskState.TASK_STAGING) {
            return "Received TASK_STAGING from executor " + run.executorId + " which is not allowed";
        }
        if (run.tasks.stream().noneMatch(t -> t.taskId.equals(status.getTaskId().getValue()))) {
            return "Task '" + status.getTaskId().getValue() + "' is not known to executor " + run.executorId;
        }
        return null;
    }
}
