package io.mantis.cli.job;

import java.util.ArrayList;
import java.util.List;

/**
 * Reassembles Server-Sent Events from lines, as the runtime's SSE sink frames them:
 * <pre>
 *   data: first line      one or more data lines...
 *   data: second line
 *                         ...ended by a blank line: one event, its data lines joined by "\n"
 *   event: complete       a named event: "complete" ends the stream, "error" carries a message as data
 *   : ping                a comment, ignored
 * </pre>
 * Not thread-safe: one instance per connection.
 */
final class SseEvents {

    /** @param type "message" for plain data events, else the {@code event:} name */
    record Event(String type, String data) {
    }

    private final List<String> data = new ArrayList<>();
    private String type = "message";

    /** Feeds one line (without its line break); returns the event it completes, or null. */
    Event line(String line) {
        if (line.isEmpty()) {
            if (data.isEmpty() && "message".equals(type)) {
                return null;
            }
            Event e = new Event(type, String.join("\n", data));
            data.clear();
            type = "message";
            return e;
        }
        if (line.startsWith(":")) {
            return null;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if ("data".equals(field)) {
            data.add(value);
        } else if ("event".equals(field)) {
            type = value;
        }
        return null;
    }
}
