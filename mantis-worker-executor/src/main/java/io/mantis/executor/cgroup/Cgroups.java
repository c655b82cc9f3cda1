package io.mantis.executor.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out which cgroup version this agent can write to. Worker cgroups go under the agent's own cgroup (read
 * from {@code /proc/self/cgroup}), so an agent inside a container or a limited slice keeps its workers inside
 * that limit too: {@code <mount>/<own cgroup>/<cgroupParent>/<workerId>}.
 */
public final class Cgroups {

    private static final Logger LOG = LoggerFactory.getLogger(Cgroups.class);
    /** Several agents may run in one JVM; saying "no cgroups" once is enough. */
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private Cgroups() {
    }

    /** {@link #detect(Path, Path, String)} on {@code /sys/fs/cgroup} and {@code /proc/self/cgroup}. */
    public static Isolation detect(String cgroupParent) {
        return detect(Path.of("/sys/fs/cgroup"), Path.of("/proc/self/cgroup"), cgroupParent);
    }

    /**
     * Tries cgroup v1 (writable {@code cpu} and {@code memory} hierarchies), then v2 (a unified hierarchy whose
     * controllers include cpu and memory, enabled for the agent's subtree), creating the agent's parent cgroup on
     * the way. Never throws: when neither works it logs why, once per JVM, and returns no isolation.
     *
     * @param cgroupParent relative path such as {@code mantis/agent-1}
     */
    public static Isolation detect(Path root, Path selfCgroupFile, String cgroupParent) {
        Objects.requireNonNull(cgroupParent, "cgroupParent is null");
        Map<String, String> self = ownCgroups(selfCgroupFile);
        List<String> why = new ArrayList<>();
        Isolation found = tryV1(root, self, cgroupParent, why);
        if (found == null) {
            found = tryV2(root, self, cgroupParent, why);
        }
        if (found != null) {
            LOG.info("workers are isolated by {}", found.description());
            return found;
        }
        String reason = String.join("; ", why);
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("cgroups not writable here ({}): workers run without cpu and memory limits", reason);
        }
        return new NoIsolation("none: " + reason);
    }

    private static Isolation tryV1(Path root, Map<String, String> self, String parent, List<String> why) {
        Path cpuMount = root.resolve("cpu");
        Path memoryMount = root.resolve("memory");
        if (!Files.exists(cpuMount.resolve("cpu.cfs_quota_us"))
                || !Files.exists(memoryMount.resolve("memory.limit_in_bytes"))) {
            why.add("cgroup v1: no cpu and memory hierarchies at " + cpuMount + " and " + memoryMount);
            return null;
        }
        List<Path> created = new ArrayList<>();
        try {
            Path cpu = within(cpuMount, self.get("cpu")).resolve(parent);
            Path memory = within(memoryMount, self.get("memory")).resolve(parent);
            created.addAll(CgroupFiles.mkdirs(cpu));
            created.addAll(CgroupFiles.mkdirs(memory));
            return new CgroupV1(cpu, memory, created);
        } catch (IOException e) {
            removeParents(created);
            why.add("cgroup v1: " + e.getMessage());
            return null;
        }
    }

    private static Isolation tryV2(Path root, Map<String, String> self, String parent, List<String> why) {
        Path mount = Files.exists(root.resolve("unified").resolve("cgroup.controllers")) ? root.resolve("unified")
                : root;
        if (!Files.exists(mount.resolve("cgroup.controllers"))) {
            why.add("cgroup v2: no unified hierarchy at " + root);
            return null;
        }
        Path base = within(mount, self.get(""));
        String controllers;
        try {
            controllers = " " + Files.readString(base.resolve("cgroup.controllers")).trim() + " ";
        } catch (IOException e) {
            why.add("cgroup v2: cannot read " + base.resolve("cgroup.controllers") + ": " + e);
            return null;
        }
        if (!controllers.contains(" cpu ") || !controllers.contains(" memory ")) {
            why.add("cgroup v2: " + base + " offers controllers [" + controllers.trim() + "], not cpu and memory");
            return null;
        }
        List<Path> created = new ArrayList<>();
        try {
            Path dir = base.resolve(parent);
            created.addAll(CgroupFiles.mkdirs(dir));
            // Every level from the agent's own cgroup down to the parent must hand cpu and memory to its children.
            for (Path p = dir; p.startsWith(base); p = p.getParent()) {
                CgroupFiles.write(p.resolve("cgroup.subtree_control"), "+cpu +memory");
                if (p.equals(base)) {
                    break;
                }
            }
            return new CgroupV2(dir, created);
        } catch (IOException e) {
            removeParents(created);
            why.add("cgroup v2: " + e.getMessage());
            return null;
        }
    }

    /** {@code mount/ownPath} when that exists (it does not inside a cgroup namespace), else {@code mount}. */
    private static Path within(Path mount, String ownPath) {
        if (ownPath == null || ownPath.equals("/")) {
            return mount;
        }
        Path p = mount.resolve(ownPath.substring(1));
        return Files.isDirectory(p) ? p : mount;
    }

    /** Controller name ("" for the v2 line) → this process's cgroup path, from {@code /proc/self/cgroup}. */
    private static Map<String, String> ownCgroups(Path file) {
        Map<String, String> paths = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.split(":", 3);
                if (parts.length == 3) {
                    for (String controller : parts[1].split(",")) {
                        paths.put(controller, parts[2]);
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot read {}: {}; using the hierarchies' roots", file, e.toString());
        }
        return paths;
    }

    /** Removes directories this agent created, deepest first, leaving those still in use (by
     * workers, or by other agents sharing a parent). */
    static void removeParents(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException e) {
                LOG.debug("cgroup {} stays: {}", created.get(i), e.toString());
            }
        }
    }
}
