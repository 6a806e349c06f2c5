import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The score table and the list of surviving mutants of a PIT run, in Markdown (docs/testing.md and
 * docs/mutation-survivors.md are made with it). Each survivor gets the reason of the first line of the reasons
 * files that matches its class, method and line; a survivor no line matches is counted on stderr.
 *
 * <pre>java spark-job/core/pit/PitSummary.java spark-job/core/target/pit-reports/mutations.xml spark-job/core/pit/*.tsv</pre>
 *
 * Reasons file: tab-separated {@code Class  method  firstLine-lastLine  reason}; {@code *} matches any method,
 * a blank range any line; {@code #} starts a comment line.
 */
public class PitSummary {

    record Mutant(String pkg, String cls, String method, int line, String mutator, String description, String status) {
        boolean killed() {
            return status.equals("KILLED") || status.equals("TIMED_OUT") || status.equals("MEMORY_ERROR")
                    || status.equals("RUN_ERROR");
        }
    }

    record Reason(String cls, String method, int from, int to, String text) {
        boolean matches(Mutant m) {
            return cls.equals(m.cls) && (method.equals("*") || method.equals(m.method)) && m.line >= from && m.line <= to;
        }
    }

    public static void main(String[] args) throws Exception {
        List<Mutant> mutants = read(Path.of(args[0]));
        List<Reason> reasons = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            reasons.addAll(reasons(Path.of(args[i])));
        }
        Map<String, int[]> byPackage = new TreeMap<>();
        for (Mutant m : mutants) {
            int[] c = byPackage.computeIfAbsent(m.pkg, k -> new int[4]);
            c[0]++;
            if (m.killed()) {
                c[1]++;
            } else if (m.status.equals("SURVIVED")) {
                c[2]++;
            } else {
                c[3]++;
            }
        }
        System.out.println("| package | killed / mutants | score | survived | no coverage |");
        System.out.println("| --- | --- | --- | --- | --- |");
        int[] all = new int[4];
        Map<String, int[]> topLevel = new TreeMap<>();
        for (var e : byPackage.entrySet()) {
            int[] c = e.getValue();
            System.out.printf("| `%s` | %d / %d | %.1f%% | %d | %d |%n", e.getKey(), c[1], c[0], 100.0 * c[1] / c[0], c[2], c[3]);
            String[] parts = e.getKey().split("\\.");
            int[] t = topLevel.computeIfAbsent(parts[0] + "." + parts[1], k -> new int[4]);
            for (int i = 0; i < 4; i++) {
                all[i] += c[i];
                t[i] += c[i];
            }
        }
        for (var e : topLevel.entrySet()) {
            int[] c = e.getValue();
            System.out.printf("| `%s` with its subpackages | %d / %d | %.1f%% | %d | %d |%n", e.getKey(), c[1], c[0],
                    100.0 * c[1] / c[0], c[2], c[3]);
        }
        System.out.printf("| **all** | **%d / %d** | **%.1f%%** | %d | %d |%n%n", all[1], all[0], 100.0 * all[1] / all[0],
                all[2], all[3]);
        int unexplained = 0;
        String cls = "";
        for (Mutant m : mutants) {
            if (m.killed()) {
                continue;
            }
            String reason = reasons.stream().filter(r -> r.matches(m)).map(Reason::text).findFirst().orElse(null);
            if (reason == null) {
                unexplained++;
                reason = "**not yet explained**";
            }
            String c = m.pkg + "." + m.cls;
            if (!c.equals(cls)) {
                cls = c;
                System.out.printf("%n#### `%s`%n%n| line | method | mutation | status | why it survives |%n| --- | --- | --- | --- | --- |%n", c);
            }
            System.out.printf("| %d | `%s` | %s | %s | %s |%n", m.line, m.method, m.description, m.status.equals("SURVIVED")
                    ? "survived" : "not covered", reason);
        }
        System.err.println(unexplained + " survivors not explained by the reasons files");
        for (Reason r : reasons) {
            if (mutants.stream().noneMatch(m -> !m.killed() && r.matches(m))) {
                System.err.println("reason matching no survivor (stale?): " + r.cls + " " + r.method + " " + r.from + "-" + r.to);
            }
        }
    }

    static List<Mutant> read(Path xml) throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList list = doc.getElementsByTagName("mutation");
        List<Mutant> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            String fqcn = text(e, "mutatedClass");
            int dot = fqcn.lastIndexOf('.');
            String cls = fqcn.substring(dot + 1);
            out.add(new Mutant(fqcn.substring(0, dot), cls, text(e, "mutatedMethod"),
                    Integer.parseInt(text(e, "lineNumber")), text(e, "mutator"), text(e, "description"),
                    e.getAttribute("status")));
        }
        out.sort((a, b) -> {
            int c = (a.pkg + "." + a.cls).compareTo(b.pkg + "." + b.cls);
            return c != 0 ? c : Integer.compare(a.line, b.line);
        });
        return out;
    }

    static List<Reason> reasons(Path tsv) throws IOException {
        List<Reason> out = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            int from = Integer.MIN_VALUE;
            int to = Integer.MAX_VALUE;
            if (!f[2].isBlank()) {
                String[] r = f[2].split("-");
                from = Integer.parseInt(r[0]);
                to = Integer.parseInt(r[r.length - 1]);
            }
            out.add(new Reason(f[0], f[1], from, to, f[3]));
        }
        return out;
    }

    private static String text(Element e, String tag) {
        NodeList n = e.getElementsByTagName(tag);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent();
    }
}
