package resnetmc.job.montecarlo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import resnetmc.config.BadInputException;
import resnetmc.config.ConfigLoader;
import resnetmc.config.ConfigReader;
import resnetmc.config.RunConfig;
import resnetmc.job.Main;
import resnetmc.job.run.TaskMemory;
import resnetmc.kernel.Kernels;
import resnetmc.kernel.ResidualKernel;
import resnetmc.model.Cell;
import resnetmc.model.LossKind;
import resnetmc.rng.RandomStreams;

/**
 * The plan of a Monte Carlo run: the memory model against what the kernels really allocate, the refusal
 * of a cell that cannot fit before Spark starts (whatever the master), and the plan's numbers against
 * the config they come from.
 */
class PlanTest {
    private static final String QUICKSTART = Path.of("").toAbsolutePath().getParent().getParent()
            .resolve("conf/quickstart.conf").toString();
    private static final List<String> MASTERS = List.of("local[*]", "local[2]", "spark://127.0.0.1:1", "yarn",
            "k8s://https://127.0.0.1:1");

    private static RunConfig config(String... overrides) {
        return ConfigLoader.from(ConfigReader.of(ConfigReader.source(QUICKSTART, List.of(overrides))));
    }

    /**
     * Bytes of the double[]/int[] arrays a kernel holds after a trial (the lazily allocated records
     * included), found by walking its fields; plus the input draw's h_0 and its loss head (InputDraw).
     */
    private static long allocated(Cell c) throws Exception {
        ResidualKernel k = Kernels.of(c, 32);
        k.run(RandomStreams.of(1, c.id(), 0), true);
        long bytes = 0;
        for (Class<?> t = k.getClass(); t != Object.class; t = t.getSuperclass()) {
            for (Field f : t.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                f.setAccessible(true);
                bytes += arrayBytes(f.get(k));
            }
        }
        int head = c.loss() == LossKind.QUADRATIC ? LossKind.OUTPUT_DIMENSION : 1;
        return bytes + (1L + head) * c.width() * 8;
    }

    private static long arrayBytes(Object o) {
        if (o instanceof double[] a) {
            return 8L * a.length;
        }
        if (o instanceof int[] a) {
            return 4L * a.length;
        }
        if (o instanceof Object[] a) {
            long b = 0;
            for (Object e : a) {
                b += arrayBytes(e);
            }
            return b;
        }
        return 0;
    }

    @Test
    void theMemoryModelCoversWhatTheVectorKernelsAllocateWithoutOverstatingIt() throws Exception {
        // all records stored (dense res-2, conditional res-1), and sqrt(L) checkpointing (conditional res-3 with
        // (L + 1) d 3 x 8 = 123 MB of records > 64 MiB; a checkpointed dense trial would take minutes, and the
        // segment arithmetic is the kernels' shared code)
        List<String[]> cases = List.of(
                new String[] {"grid.arch=[res-2]", "grid.width=[256]", "grid.depth=[100]", "sampler=dense"},
                new String[] {"grid.arch=[res-1]", "grid.width=[512]", "grid.depth=[200]", "sampler=conditional"},
                new String[] {"grid.arch=[res-3]", "grid.width=[1024]", "grid.depth=[5000]", "sampler=conditional"});
        for (String[] overrides : cases) {
            List<String> o = new ArrayList<>(List.of(overrides));
            o.addAll(List.of("grid.activation=[relu]", "grid.beta=[0.5]"));
            Cell c = config(o.toArray(new String[0])).cells().get(0);
            long real = allocated(c);
            long model = MemoryBudget.bytesPerTrial(c, true);
            assertTrue(model >= real, c.key() + ": model " + model + " < allocated " + real);
            assertTrue(model <= 1.25 * real + (64 << 10), c.key() + ": model " + model + " >> allocated " + real);
        }
    }

    @Test
    void aHundredMillionWideCellIsRefusedForTheVectorSamplersAndFitsForTheChain() {
        TaskMemory executors = TaskMemory.of(Map.of("spark.master", "yarn", "spark.executor.memory", "4g",
                "spark.executor.cores", "2"), -1);
        for (String sampler : List.of("conditional", "dense")) {
            RunConfig cfg = config("grid.width=[100000000]", "sampler=" + sampler);
            BadInputException e = assertThrows(BadInputException.class, () -> MemoryBudget.check(cfg, executors));
            assertEquals("grid", e.key());
            assertTrue(e.getMessage().contains("width=100000000") && e.getMessage().contains("MiB"), e.getMessage());
            // 15 d-vectors of 8 bytes at least (the kernel's, the sampler's, the input and the 10-row loss head)
            assertTrue(MemoryBudget.bytesPerTrial(cfg.cells().get(0), true) > 15 * 8e8);
        }
        // res-3 and res-2/res-1 with the identity are chain cells: O(sqrt L) scalars whatever d
        RunConfig chain = config("grid.width=[100000000]", "grid.arch=[res-3]", "grid.activation=[relu]", "sampler=chain");
        TaskMemory small = TaskMemory.of(Map.of("spark.master", "yarn", "spark.executor.memory", "512m",
                "spark.executor.cores", "4"), -1);
        MemoryBudget.check(chain, small);
        for (Cell c : chain.cells()) {
            assertTrue(MemoryBudget.bytesPerTrial(c, true) < 1 << 20, c.key());
        }
    }

    @Test
    void theRefusalComesBeforeSparkStartsWhateverTheMaster() {
        for (String master : MASTERS) {
            for (String sampler : List.of("conditional", "dense")) {
                String before = System.getProperty("spark.master");
                System.setProperty("spark.master", master);
                System.setProperty("spark.executor.memory", "4g");
                try {
                    ByteArrayOutputStream err = new ByteArrayOutputStream();
                    // A whole run, not a dry run: nothing listens at spark://127.0.0.1:1 or k8s://..., and there
                    // is no YARN: only a refusal before the session returns 2 within the time.
                    int exit = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Main.run(new String[] {QUICKSTART,
                            "grid.width=[100000000]", "sampler=" + sampler, "output=/nonexistent/never-written"},
                            new PrintStream(new ByteArrayOutputStream()), new PrintStream(err)));
                    String msg = err.toString(StandardCharsets.UTF_8);
                    assertEquals(2, exit, master + " " + sampler + ": " + msg);
                    assertTrue(msg.contains("width=100000000") && msg.contains("MiB per trial"), msg);
                } finally {
                    if (before == null) {
                        System.clearProperty("spark.master");
                    } else {
                        System.setProperty("spark.master", before);
                    }
                    System.clearProperty("spark.executor.memory");
                }
            }
        }
    }

    @Test
    void theDryRunPrintsThePlanOfTheConfig() {
        RunConfig cfg = config();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {QUICKSTART, "--dry-run"}, new PrintStream(out), System.err);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, text);
        assertTrue(text.contains("plan: " + cfg.cells().size() + " cells"), text);
        assertTrue(text.contains(cfg.trials() + " trials each, " + cfg.totalTrials() + " trials in all"), text);
        assertTrue(text.contains("core-seconds"), text);
        assertTrue(text.contains("nothing was computed or written"), text);
        // a range of trials (trials decided while running) gives a range of everything that scales with them
        List<String> range = MonteCarloPlan.lines(cfg, new MonteCarloPlan.TrialRange(100, 1000),
                TaskMemory.of(Map.of("spark.master", "local[2]"), -1), true);
        assertTrue(range.get(0).contains("100..1000 trials each, " + 100 * cfg.cells().size() + ".."
                + 1000 * cfg.cells().size() + " trials in all"), range.get(0));
        assertTrue(range.get(1).matches(".*compute [0-9.e+]+\\.\\.[0-9.e+]+ core-seconds.*"), range.get(1));
    }

    @Test
    void taskMemoryReadsSparkPropertiesAsSparkDoes() {
        TaskMemory yarn = TaskMemory.of(Map.of("spark.master", "yarn", "spark.executor.memory", "4g",
                "spark.executor.cores", "2"), -1);
        assertEquals(1L << 30, yarn.perTaskBytes()); // 4 GiB / 2 cores x 0.5
        // spark.executor.memory without a unit is MiB; b is bytes; the default is 1g
        assertEquals(2048L << 20, TaskMemory.of(Map.of("spark.master", "yarn", "spark.executor.memory", "2048"), -1)
                .heapBytes());
        assertEquals(1073741824L, TaskMemory.of(Map.of("spark.master", "yarn", "spark.executor.memory",
                "1073741824b"), -1).heapBytes());
        assertEquals(1L << 30, TaskMemory.of(Map.of("spark.master", "spark://h:7077"), -1).heapBytes());
        TaskMemory local = TaskMemory.of(Map.of("spark.master", "local[3]"), -1);
        assertEquals(3, local.cores());
        assertEquals(Runtime.getRuntime().maxMemory(), local.heapBytes());
        TaskMemory lc = TaskMemory.of(Map.of("spark.master", "local-cluster[2, 1, 1024]"), -1);
        assertEquals(1024L << 20, lc.heapBytes());
        BadInputException e = assertThrows(BadInputException.class,
                () -> TaskMemory.of(Map.of("spark.master", "yarn", "spark.executor.memory", "lots"), -1));
        assertEquals("spark.executor.memory", e.key());
    }
}
