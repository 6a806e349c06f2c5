package resnetmc.analysis;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;

/**
 * Renders query results as an aligned text table (doubles to 6 significant digits, for reading), CSV
 * (RFC 4180; doubles in full, the shortest decimal that parses back to the same double; nulls empty) or
 * JSON lines.
 */
public final class TextTable {
    private TextTable() {
    }

    public static String render(StructType schema, List<Row> rows, String format) {
        String[] names = schema.fieldNames();
        boolean csv = format.equals("csv");
        List<String[]> cells = new ArrayList<>();
        for (Row r : rows) {
            String[] line = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                line[i] = csv ? exact(r.get(i)) : value(r.get(i));
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

    /** A value for CSV: null as the empty field, doubles by {@link #shortest}, arrays as in {@link #value}. */
    static String exact(Object o) {
        if (o == null) {
            return "";
        }
        if (o instanceof Double d) {
            return shortest(d);
        }
        if (o instanceof Float f) {
            return Float.toString(f);
        }
        if (o instanceof Seq<?> s) {
            List<String> parts = new ArrayList<>();
            s.foreach(x -> parts.add(x == null ? "null" : exact(x)));
            return "[" + String.join(", ", parts) + "]";
        }
        return o.toString();
    }

    /**
     * The shortest decimal (fewest significant digits) that parses back to exactly {@code d}: Java 17's
     * Double.toString round-trips but is not always shortest (JDK-4511638, fixed in 19), so the digits
     * are searched from 1 to 17, where every double round-trips. Plain notation for magnitudes in
     * [1e-4, 1e16), else scientific ({@code 1.5E-7}); NaN and Infinity as Java and Spark spell them.
     */
    static String shortest(double d) {
        if (!Double.isFinite(d)) {
            return Double.toString(d);
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal r = exact;
        for (int digits = 1; digits <= 17; digits++) {
            r = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == d) {
                break;
            }
        }
        r = r.stripTrailingZeros();
        double a = Math.abs(d);
        if (a >= 1e-4 && a < 1e16) {
            String plain = r.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String sci = r.unscaledValue().abs().toString();
        int exponent = sci.length() - 1 - r.scale();
        String mantissa = sci.length() == 1 ? sci + ".0" : sci.charAt(0) + "." + sci.substring(1);
        return (d < 0 ? "-" : "") + mantissa + "E" + exponent;
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
