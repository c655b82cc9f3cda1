package io.mantis.master.store;

/** Checks store paths ("jobs/word-count-1") and turns them into znode paths ("/jobs/word-count-1"). */
final class StorePaths {

    private StorePaths() {
    }

    /**
     * @param path      relative path, segments separated by single {@code /}; a leading {@code /} is tolerated
     * @param allowRoot whether "" (the store's root) is acceptable, as it is for listing but not for writing
     * @throws IllegalArgumentException naming the path and what is wrong with it
     */
    static String toZnode(String path, boolean allowRoot) {
        if (path == null) {
            throw new IllegalArgumentException("store path is null: give a path like jobs/word-count-1");
        }
        String relative = path.startsWith("/") ? path.substring(1) : path;
        if (relative.isEmpty()) {
            if (allowRoot) {
                return "/";
            }
            throw new IllegalArgumentException("store path '" + path
                    + "' names the root, which holds no document: give a path like jobs/word-count-1");
        }
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("store path '" + path
                        + "' has an empty segment: separate names with a single '/' and do not end with one");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("store path '" + path + "' contains '" + segment
                        + "': ZooKeeper has no relative segments, use plain names");
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (Character.isISOControl(c) || (c >= '\ud800' && c <= '\uf8ff') || c >= '\ufff0') {
                    throw new IllegalArgumentException(String.format(
                            "store path '%s' contains the character U+%04X, which ZooKeeper refuses: "
                                    + "use printable characters", path, (int) c));
                }
            }
        }
        return "/" + relative;
    }
}
