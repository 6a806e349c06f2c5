package resnetmc.docs;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import resnetmc.schema.Column;
import resnetmc.schema.TableSchema;
import resnetmc.schema.TableSchemas;

/**
 * Generates the documentation pages that must not drift from the code: {@code docs/configuration.md} from
 * {@code reference.conf} (its comments are the reference) and the column lists of {@code docs/tables.md}
 * from {@link TableSchemas} (between {@code <!-- columns:TABLE -->} and {@code <!-- /columns -->}; the prose
 * around them is hand-written). {@code DocsPagesTest} fails when the committed pages differ; regenerate with
 * {@code mvn -B -o -q test -pl analysis -am -Dtest=DocsPagesTest -Ddocs.write=true}.
 */
public final class DocsPages {
    private DocsPages() {
    }

    public static void main(String[] args) throws IOException {
        Path docs = Path.of(args.length > 0 ? args[0] : "../docs");
        Files.writeString(docs.resolve("configuration.md"), configuration(referenceConf()), StandardCharsets.UTF_8);
        Path tables = docs.resolve("tables.md");
        Files.writeString(tables, tables(Files.readString(tables)), StandardCharsets.UTF_8);
    }

    static String referenceConf() throws IOException {
        try (InputStream in = DocsPages.class.getResourceAsStream("/reference.conf")) {
            if (in == null) {
                throw new IllegalStateException("reference.conf is not on the test class path (core's resources)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static final Pattern KEY = Pattern.compile("^\\s*([A-Za-z0-9_-]+)\\s*=\\s*(.*?)\\s*$");
    private static final Pattern BLOCK = Pattern.compile("^\\s*([A-Za-z0-9_-]+)\\s*\\{\\s*$");

    /**
     * The configuration page: every key of reference.conf by section, with its default and the comment
     * above it. Keys listed under one comment share a row; a comment followed by a blank line is prose.
     */
    static String configuration(String conf) {
        StringBuilder out = new StringBuilder("""
                # Configuration reference

                <!-- Generated from spark-job/core/src/main/resources/reference.conf by resnetmc.docs.DocsPages
                     (analysis tests); DocsPagesTest fails when this page differs. Edit reference.conf, then
                     regenerate: mvn -B -o -q test -pl analysis -am -Dtest=DocsPagesTest -Ddocs.write=true -->

                Every key the job reads, with its default, exactly as in
                [`reference.conf`](../spark-job/core/src/main/resources/reference.conf). A run's config file is
                merged over it; command-line overrides use the same paths (`submit/local conf/quickstart.conf
                trials=200 'grid.depth=[16,64]'`). An unknown key or a bad value stops the run before Spark
                starts, with exit code 2 and a message naming the key and what is allowed.

                """);
        List<String> comment = new ArrayList<>();
        Deque<String> path = new ArrayDeque<>();
        List<String[]> row = null; // keys and defaults sharing the pending comment
        String rowText = null;
        boolean tableOpen = false;
        for (String line : conf.split("\n", -1)) {
            String t = line.strip();
            Matcher key = KEY.matcher(line);
            Matcher block = BLOCK.matcher(line);
            if (t.startsWith("#") && comment.isEmpty() && t.matches("#\\s*---.*---\\s*")) {
                // A divider inside a block ("--- mode = meanfield only ---"): a heading line of its own.
                if (row != null) {
                    tableOpen = flushRow(out, row, rowText, tableOpen);
                    row = null;
                }
                tableOpen = closeTable(out, tableOpen);
                out.append("**").append(md(t.replaceAll("^#\\s*---\\s*|\\s*---\\s*$", ""))).append("**\n\n");
            } else if (t.startsWith("#")) {
                if (row != null) {
                    tableOpen = flushRow(out, row, rowText, tableOpen);
                    row = null;
                }
                comment.add(t.replaceFirst("^#\\s?", ""));
            } else if (t.isEmpty()) {
                if (row != null) {
                    tableOpen = flushRow(out, row, rowText, tableOpen);
                    row = null;
                }
                if (!comment.isEmpty()) {
                    tableOpen = closeTable(out, tableOpen);
                    out.append(paragraph(comment)).append("\n\n");
                    comment.clear();
                }
            } else if (block.matches()) {
                if (row != null) {
                    tableOpen = flushRow(out, row, rowText, tableOpen);
                    row = null;
                }
                tableOpen = closeTable(out, tableOpen);
                path.addLast(block.group(1));
                out.append("## `").append(String.join(".", path)).append("`\n\n");
                if (!comment.isEmpty()) {
                    out.append(paragraph(comment)).append("\n\n");
                    comment.clear();
                }
            } else if (t.equals("}")) {
                if (row != null) {
                    tableOpen = flushRow(out, row, rowText, tableOpen);
                    row = null;
                }
                tableOpen = closeTable(out, tableOpen);
                path.removeLast();
            } else if (key.matches()) {
                String full = path.isEmpty() ? key.group(1) : String.join(".", path) + "." + key.group(1);
                if (!comment.isEmpty()) {
                    if (row != null) {
                        tableOpen = flushRow(out, row, rowText, tableOpen);
                    }
                    row = new ArrayList<>();
                    rowText = paragraph(comment);
                    comment.clear();
                } else if (row == null) {
                    row = new ArrayList<>();
                    rowText = "";
                }
                row.add(new String[] {full, key.group(2)});
            } else {
                throw new IllegalStateException("reference.conf line not understood by the docs generator: " + line);
            }
        }
        if (row != null) {
            tableOpen = flushRow(out, row, rowText, tableOpen);
        }
        closeTable(out, tableOpen);
        return out.toString().replaceAll("\n{3,}", "\n\n").stripTrailing() + "\n";
    }

    private static String paragraph(List<String> lines) {
        return md(String.join(" ", lines).strip());
    }

    /** Text safe in Markdown: {@code <} and {@code >} would open HTML tags (e.g. {@code <table>}). */
    private static String md(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static boolean flushRow(StringBuilder out, List<String[]> keys, String text, boolean tableOpen) {
        if (!tableOpen) {
            out.append("| key | default | meaning |\n|---|---|---|\n");
        }
        List<String> names = new ArrayList<>();
        List<String> defaults = new ArrayList<>();
        for (String[] k : keys) {
            names.add("`" + k[0] + "`");
            defaults.add("`" + k[1].replace("|", "\\|") + "`");
        }
        out.append("| ").append(String.join("<br>", names)).append(" | ").append(String.join("<br>", defaults))
                .append(" | ").append(text.replace("|", "\\|")).append(" |\n");
        return true;
    }

    private static boolean closeTable(StringBuilder out, boolean tableOpen) {
        if (tableOpen) {
            out.append('\n');
        }
        return false;
    }

    /** Every table of {@link TableSchemas}, in declaration order. */
    static Map<String, TableSchema> schemas() {
        Map<String, TableSchema> out = new LinkedHashMap<>();
        for (Field f : TableSchemas.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == TableSchema.class) {
                try {
                    TableSchema s = (TableSchema) f.get(null);
                    out.put(s.name(), s);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    private static final Pattern COLUMNS = Pattern.compile("<!-- columns:([a-z_]+) -->\\n.*?<!-- /columns -->",
            Pattern.DOTALL);

    /** The tables page with each generated column list replaced by the schema's; every table must have one. */
    static String tables(String page) {
        Map<String, TableSchema> schemas = schemas();
        List<String> seen = new ArrayList<>();
        Matcher m = COLUMNS.matcher(page);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            TableSchema s = schemas.get(m.group(1));
            if (s == null) {
                throw new IllegalStateException("docs/tables.md lists columns of an unknown table " + m.group(1));
            }
            seen.add(s.name());
            m.appendReplacement(out, Matcher.quoteReplacement(columnList(s)));
        }
        m.appendTail(out);
        List<String> missing = new ArrayList<>(schemas.keySet());
        missing.removeAll(seen);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("docs/tables.md has no <!-- columns:NAME --> block for " + missing);
        }
        return out.toString();
    }

    static String columnList(TableSchema s) {
        StringBuilder sb = new StringBuilder("<!-- columns:" + s.name() + " -->\n");
        sb.append("| # | column | type | null allowed |\n|---|---|---|---|\n");
        int i = 1;
        for (Column c : s.columns()) {
            sb.append("| ").append(i++).append(" | `").append(c.name()).append("` | ")
                    .append(c.type().name().toLowerCase(java.util.Locale.ROOT).replace("_array", " array")).append(" | ")
                    .append(c.nullable() ? "yes" : "").append(" |\n");
        }
        return sb.append("<!-- /columns -->").toString();
    }
}
