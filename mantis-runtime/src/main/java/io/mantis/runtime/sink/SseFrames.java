package io.mantis.runtime.sink;

import java.nio.charset.StandardCharsets;

/**
 * Encodes Server-Sent Events as UTF-8 bytes.
 *
 * <pre>
 *   data: &lt;line 1&gt;\n        one "data:" line per line of the event's text
 *   data: &lt;line 2&gt;\n        (a text without line breaks is one line)
 *   \n                     a blank line ends the event
 *
 *   event: complete\n      the final event of a stream that ended;
 *   data: \n               "event: error" with the message as data when it failed
 *   \n
 *
 *   : ping\n               a comment: a heartbeat that clients ignore
 *   \n
 * </pre>
 */
final class SseFrames {

    static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseFrames() {
    }

    /** An unnamed event carrying {@code text}. */
    static byte[] data(String text) {
        return encode(null, text);
    }

    /** An event of type {@code type} carrying {@code text}. */
    static byte[] event(String type, String text) {
        return encode(type, text);
    }

    private static byte[] encode(String type, String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16 + (type == null ? 0 : type.length() + 8));
        if (type != null) {
            sb.append("event: ").append(type).append('\n');
        }
        if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            sb.append("data: ").append(text).append('\n');
        } else {
            // A raw line break would end the field early; SSE carries multi-line text as one data line each.
            appendLines(sb, text);
        }
        sb.append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendLines(StringBuilder sb, String text) {
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                sb.append("data: ").append(text, start, i).append('\n');
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        sb.append("data: ").append(text, start, n).append('\n');
    }
}
