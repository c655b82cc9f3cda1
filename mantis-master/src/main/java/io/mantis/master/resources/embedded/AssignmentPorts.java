package io.mantis.master.resources.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the ports a worker will bind from its assignment JSON, so they are not offered again while it lives.
 * Only {@code dataPort}, {@code sinkPort} and {@code adminPort} count; 0 or absent means "any free port", which
 * the agent's range does not need to hold back.
 */
final class AssignmentPorts {

    private static final List<String> FIELDS = List.of("dataPort", "sinkPort", "adminPort");

    private final ObjectMapper json;

    AssignmentPorts(ObjectMapper json) {
        this.json = json;
    }

    /** @throws IllegalArgumentException naming the worker when the text is not a JSON object or a port is no number */
    List<Integer> of(String workerId, String assignmentJson) {
        if (assignmentJson == null || assignmentJson.isBlank()) {
            throw new IllegalArgumentException("the launch of worker " + workerId + " has no assignmentJson");
        }
        JsonNode root;
        try {
            root = json.readTree(assignmentJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the assignmentJson of worker " + workerId + " is not JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the assignmentJson of worker " + workerId + " is not a JSON object");
        }
        List<Integer> ports = new ArrayList<>(FIELDS.size());
        for (String field : FIELDS) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                continue;
            }
            if (!node.canConvertToInt() || !node.isIntegralNumber()) {
                throw new IllegalArgumentException("the assignmentJson of worker " + workerId + " has " + field
                        + " " + node + ": expected a port number");
            }
            if (node.intValue() != 0) {
                ports.add(node.intValue());
            }
        }
        return ports;
    }
}
