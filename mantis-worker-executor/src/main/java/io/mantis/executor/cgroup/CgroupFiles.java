package io.mantis.executor.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading and writing cgroup control files, and the shell that joins a cgroup before exec. */
final class CgroupFiles {

    private static final Logger LOG = LoggerFactory.getLogger(CgroupFiles.class);

    private CgroupFiles() {
    }

    /** @throws IOException naming the file and the value */
    static void write(Path file, String value) throws IOException {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new IOException("cannot write '" + value + "' to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The number after {@code key} in a flat-keyed file such as {@code memory.oom_control}; empty if absent. */
    static Optional<Long> keyed(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && parts[0].equals(key)) {
                    return Optional.of(Long.parseLong(parts[1]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.debug("cannot read {} from {}: {}", key, file, e.toString());
        }
        return Optional.empty();
    }

    /** The single number in a file such as {@code memory.failcnt}; empty if unreadable. */
    static Optional<Long> number(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Creates {@code dir} and its missing parents, returning the ones it created, deepest last. */
    static List<Path> mkdirs(Path dir) throws IOException {
        List<Path> created = new ArrayList<>();
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
            } catch (IOException e) {
                throw new IOException("cannot create cgroup " + p + ": " + e, e);
            }
            created.add(p);
        }
        return created;
    }

    /**
     * Removes an empty cgroup directory; the kernel refuses (EBUSY) while a dying task is still counted, so
     * try again for up to two seconds. Logs and returns false when it stays.
     */
    static boolean rmdir(Path dir) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        long pause = 5;
        while (true) {
            try {
                Files.delete(dir);
                return true;
            } catch (NoSuchFileException e) {
                return true;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("cannot remove cgroup {}: {}", dir, e.toString());
                    return false;
                }
            }
            try {
                Thread.sleep(pause); // nothing to wait on: the kernel gives no notice when the last task is gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(100, pause * 2);
        }
    }

    /** {@code command} run by a shell that first writes its pid into each of {@code procsFiles}. */
    static List<String> joinThenExec(List<Path> procsFiles, List<String> command) {
        StringBuilder script = new StringBuilder();
        for (int i = 1; i <= procsFiles.size(); i++) {
            script.append("echo $$ > \"$").append(i).append("\" || exit ").append(WorkerCgroup.JOIN_FAILED)
                    .append("; ");
        }
        script.append("shift ").append(procsFiles.size()).append("; exec \"$@\"");
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", script.toString(), "mantis-join-cgroup"));
        procsFiles.forEach(p -> wrapped.add(p.toString()));
        wrapped.addAll(command);
        return wrapped;
    }
}
