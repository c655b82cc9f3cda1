package io.mantis.cli.mesos;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;

/** The checks every fake Mesos endpoint makes before it looks at a call: POST, protobuf, a body that parses. */
final class ProtobufRequests {

    private ProtobufRequests() {
    }

    /**
     * The parsed call, or null once an error has been answered.
     *
     * @param side     who answers, in the 415 message ("fake master", "fake agent")
     * @param callName the protobuf named in a parse error ("Call", "executor::Call")
     */
    static <T> T read(LoopbackHttpServer.Request request, Parser<T> parser, String side, String callName) {
        if (!request.method().equals("POST")) {
            request.respond(405, "Expecting a 'POST' request, received '" + request.method() + "'");
            return null;
        }
        String contentType = request.headers().get("Content-Type");
        if (contentType == null || !contentType.startsWith(SchedulerApi.PROTOBUF)) {
            // Real Mesos also takes application/json; the fakes speak protobuf only and say so.
            request.respond(415, "Expecting 'Content-Type' of " + SchedulerApi.PROTOBUF + " (this " + side
                    + " does not take JSON); got '" + contentType + "'");
            return null;
        }
        try {
            return parser.parseFrom(request.body());
        } catch (InvalidProtocolBufferException e) {
            request.respond(400, "Failed to parse body into " + callName + " protobuf: " + e.getMessage());
            return null;
        }
    }
}
