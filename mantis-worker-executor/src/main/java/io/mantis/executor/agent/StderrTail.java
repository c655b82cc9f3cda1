package io.mantis.executor.agent;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The line of a worker's standard error that best says why it ended. */
final class StderrTail {

    private static final int TAIL_BYTES = 64 * 1024;

    private StderrTail() {
    }

    /**
     * The last line starting with {@code error:} (WorkerMain's own message, which a stack trace follows) or, when
     * there is none, the last non-blank line; empty when the file is empty or unreadable. Reads only the file's end.
     */
    static String lastMessage(Path file) {
        String tail;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            tail = new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
        List<String> lines = tail.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("error:")) {
                return lines.get(i);
            }
        }
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
