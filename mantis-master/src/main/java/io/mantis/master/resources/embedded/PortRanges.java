package io.mantis.master.resources.embedded;

import io.mantis.master.resources.Lease.PortRange;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;

/** Port arithmetic for one agent's range: what is left once workers and outstanding leases took theirs. */
final class PortRanges {

    private PortRanges() {
    }

    /**
     * The free parts of {@code [begin, end]}, ascending.
     *
     * @param usedPorts single ports in use; those outside the range are ignored
     * @param usedRanges ranges held by outstanding leases; parts outside the range are ignored
     */
    static List<PortRange> free(int begin, int end, Collection<Integer> usedPorts, Collection<PortRange> usedRanges) {
        BitSet used = new BitSet(end - begin + 1);
        for (int port : usedPorts) {
            if (port >= begin && port <= end) {
                used.set(port - begin);
            }
        }
        for (PortRange range : usedRanges) {
            int from = Math.max(range.begin(), begin);
            int to = Math.min(range.end(), end);
            if (from <= to) {
                used.set(from - begin, to - begin + 1);
            }
        }
        List<PortRange> free = new ArrayList<>();
        int size = end - begin + 1;
        int start = used.nextClearBit(0);
        while (start < size) {
            int stop = Math.min(used.nextSetBit(start) < 0 ? size : used.nextSetBit(start), size);
            free.add(new PortRange(begin + start, begin + stop - 1));
            start = used.nextClearBit(stop);
        }
        return free;
    }

    /** e.g. "31000-31999, 32005-32010", or "none". */
    static String describe(List<PortRange> ranges) {
        if (ranges.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        for (PortRange r : ranges) {
            parts.add(r.begin() == r.end() ? Integer.toString(r.begin()) : r.begin() + "-" + r.end());
        }
        return String.join(", ", parts);
    }
}
