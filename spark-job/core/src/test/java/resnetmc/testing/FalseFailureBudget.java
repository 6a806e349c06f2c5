package resnetmc.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, at the end of a test run, the sum of the {@link FalseFailureRate}s of the test classes that
 * ran: "suite false-failure budget: X (N statistical tests)", with the classes that contribute, largest
 * first, and a warning when X exceeds the 1% target. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}; a run of a few classes
 * (-Dtest=...) sums only those. It also writes the rates, one "class<TAB>rate" a line, to
 * {@value #FILE} under the working directory (the module's folder under Surefire), so that
 * {@code .ci/run} can add up the modules into the suite's total.
 */
public final class FalseFailureBudget implements TestExecutionListener {
    /** The suite's target: at most one spurious red in a hundred re-rolls of the random streams. */
    static final double TARGET = 0.01;
    /** Where the rates of the classes that ran are written, relative to the working directory. */
    static final String FILE = "target/false-failure-budget.tsv";

    private final Map<String, Double> rates = new ConcurrentHashMap<>();

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        id.getSource().filter(ClassSource.class::isInstance).map(ClassSource.class::cast).ifPresent(s -> {
            try {
                FalseFailureRate r = s.getJavaClass().getAnnotation(FalseFailureRate.class);
                if (r != null) {
                    rates.put(s.getClassName(), r.value());
                }
            } catch (RuntimeException e) {
                // a class that cannot be loaded here has no rate to add
            }
        });
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        write(Path.of(FILE));
        if (rates.isEmpty()) {
            return;
        }
        double total = rates.values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder b = new StringBuilder(String.format("suite false-failure budget: %.3g (%d statistical tests)%n",
                total, rates.size()));
        Map<Double, String> sorted = new TreeMap<>((x, y) -> Double.compare(y, x));
        rates.forEach((c, r) -> sorted.merge(r, c.substring(c.lastIndexOf('.') + 1), (u, v) -> u + ", " + v));
        sorted.forEach((r, c) -> b.append(String.format("  %.2g  %s%n", r, c)));
        if (total > TARGET) {
            b.append(String.format("WARNING: the suite's false-failure budget %.3g exceeds the %.0f%% target%n", total,
                    100 * TARGET));
        }
        System.out.print(b);
        System.out.flush();
    }

    /** The rates, sorted by class name; a write failure is reported, not thrown (the tests have run). */
    private void write(Path file) {
        StringBuilder t = new StringBuilder();
        new TreeMap<>(rates).forEach((c, r) -> t.append(c).append('\t').append(r).append('\n'));
        try {
            if (file.getParent() != null && Files.isDirectory(file.getParent())) {
                Files.writeString(file, t);
            }
        } catch (IOException e) {
            System.out.println("note: could not write " + file + ": " + e);
        }
    }
}
