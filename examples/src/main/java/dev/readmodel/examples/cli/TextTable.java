package dev.readmodel.examples.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain aligned text table: headers, rows, numbers right-aligned. */
final class TextTable {
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("-?[0-9][0-9,]*(\\.[0-9]+)?");
    /** ANSI styles (bold highlights) take no room on the screen. */
    private static final java.util.regex.Pattern STYLE = java.util.regex.Pattern.compile("\u001B\\[[0-9;]*m");

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... headers) {
        this.headers = List.of(headers);
    }

    TextTable row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(format(cell));
        }
        rows.add(row);
        return this;
    }

    static String format(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof BigDecimal decimal) {
            return String.format(Locale.ROOT, "%,.2f", decimal);
        }
        if (value instanceof Double number) {
            return String.format(Locale.ROOT, "%,.1f", number);
        }
        if (value instanceof Long || value instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
        }
        return value.toString();
    }

    void print(PrintWriter out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], width(row.get(i)));
            }
        }
        out.println(line(headers, widths));
        StringBuilder rule = new StringBuilder();
        for (int width : widths) {
            rule.append("-".repeat(width)).append("  ");
        }
        out.println(rule.toString().stripTrailing());
        for (List<String> row : rows) {
            out.println(line(row, widths));
        }
    }

    private static int width(String cell) {
        return cell.indexOf('\u001B') < 0 ? cell.length() : STYLE.matcher(cell).replaceAll("").length();
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            boolean number = NUMBER.matcher(cell).matches();
            String padded = number ? " ".repeat(widths[i] - width(cell)) + cell : cell + " ".repeat(widths[i] - width(cell));
            line.append(padded).append("  ");
        }
        return line.toString().stripTrailing();
    }
}
