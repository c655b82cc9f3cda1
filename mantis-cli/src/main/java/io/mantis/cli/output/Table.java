package io.mantis.cli.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table: a header row and rows, each column padded to its widest cell, columns two spaces apart,
 * no trailing blanks. Null cells print as {@code -}. Not thread-safe.
 */
public final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    private Table(List<String> header) {
        this.header = header;
    }

    public static Table of(String... header) {
        if (header.length == 0) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        return new Table(List.of(header));
    }

    /**
     * Adds a row; cells are printed with {@code String.valueOf}.
     *
     * @throws IllegalArgumentException if the row has a different number of cells than the header
     */
    public Table row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells but the table has "
                    + header.size() + " columns: " + Arrays.toString(cells));
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object c : cells) {
            row.add(c == null ? "-" : String.valueOf(c));
        }
        rows.add(row);
        return this;
    }

    public int size() {
        return rows.size();
    }

    /** The table's lines, each ending in a newline. */
    public String render() {
        int[] widths = new int[header.size()];
        measure(header, widths);
        rows.forEach(r -> measure(r, widths));
        StringBuilder sb = new StringBuilder();
        line(sb, header, widths);
        rows.forEach(r -> line(sb, r, widths));
        return sb.toString();
    }

    private static void measure(List<String> cells, int[] widths) {
        for (int i = 0; i < cells.size(); i++) {
            widths[i] = Math.max(widths[i], cells.get(i).length());
        }
    }

    private static void line(StringBuilder sb, List<String> cells, int[] widths) {
        int start = sb.length();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append("  ");
            }
            String cell = cells.get(i);
            sb.append(cell);
            sb.append(" ".repeat(widths[i] - cell.length()));
        }
        int end = sb.length();
        while (end > start && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
        sb.append('\n');
    }
}
