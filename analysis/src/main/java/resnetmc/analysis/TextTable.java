package resnetmc.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;

/** Renders query results as an aligned text table, CSV (RFC 4180) or JSON lines. */
public final class TextTable {
    private TextTable() {
    }

    public static String render(StructType schema, List<Row> rows, String format) {
        String[] names = schema.fieldNames();
        List<String[]> cells = new ArrayList<>();
        for (Row r : rows) {
            String[] line = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                line[i] = value(r.get(i));
            }
            cells.add(line);
        }
        return switch (format) {
            case "csv" -> csv(names, cells);
            case "json" -> json(rows);
            default -> aligned(names, cells, rows.size());
        };
    }

    static String value(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof Double d) {
            return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d) : d.toString();
        }
        if (o instanceof Seq<?> s) {
            List<String> parts = new ArrayList<>();
            s.foreach(x -> parts.add(value(x)));
            return "[" + String.join(", ", parts) + "]";
        }
        return o.toString();
    }

    private static String aligned(String[] names, List<String[]> cells, int n) {
        int[] w = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            w[i] = names[i].length();
            for (String[] c : cells) {
                w[i] = Math.max(w[i], c[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        appendLine(sb, names, w);
        String[] rule = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            rule[i] = "-".repeat(w[i]);
        }
        appendLine(sb, rule, w);
        for (String[] c : cells) {
            appendLine(sb, c, w);
        }
        sb.append('(').append(n).append(n == 1 ? " row)" : " rows)").append('\n');
        return sb.toString();
    }

    private static void appendLine(StringBuilder sb, String[] c, int[] w) {
        for (int i = 0; i < c.length; i++) {
            if (i > 0) {
                sb.append("  ");
            }
            sb.append(c[i]).append(" ".repeat(w[i] - c[i].length()));
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
        sb.append('\n');
    }

    private static String csv(String[] names, List<String[]> cells) {
        StringBuilder sb = new StringBuilder();
        sb.append(csvLine(names));
        for (String[] c : cells) {
            sb.append(csvLine(c));
        }
        return sb.toString();
    }

    private static String csvLine(String[] c) {
        List<String> out = new ArrayList<>();
        for (String s : c) {
            out.add(s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
        }
        return String.join(",", out) + "\n";
    }

    private static String json(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        for (Row r : rows) {
            sb.append(r.json()).append('\n');
        }
        return sb.toString();
    }
}
