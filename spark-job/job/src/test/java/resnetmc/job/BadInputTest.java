package resnetmc.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input: exit 2, a message naming the key and what is allowed, nothing written. */
class BadInputTest extends SparkTestSession {
    @TempDir
    Path dir;

    static Stream<Arguments> badOverrides() {
        return Stream.of(
                Arguments.of("grid.arch=[res-4]", "grid.arch", "res-1, res-2, res-3"),
                Arguments.of("grid.activation=[softplus]", "grid.activation", "identity, relu, leaky-relu, tanh"),
                Arguments.of("grid.beta=[0.5, 0]", "grid.beta", "> 0"),
                Arguments.of("grid.beta=-1", "grid.beta", "> 0"),
                Arguments.of("grid.width=[0]", "grid.width", ">= 1"),
                Arguments.of("grid.depth=[16, 0]", "grid.depth", ">= 1"),
                Arguments.of("trials=0", "trials", ">= 1"),
                Arguments.of("grid.distribution=[cauchy]", "grid.distribution", "gaussian, uniform, rademacher"),
                Arguments.of("grid.widht=[8]", "grid.widht", "known keys under grid"),
                Arguments.of("tirals=5", "tirals", "unknown key"),
                Arguments.of("checks.delta=[1.5]", "checks.delta", "(0, 1)"),
                Arguments.of("partitions=many", "partitions", "auto or a positive integer"),
                Arguments.of("run-id=a/b", "run-id", "letters, digits"),
                Arguments.of("grid.alpha=[0.1]", "grid.alpha", "not both"),
                Arguments.of("seed=abc", "seed", "NUMBER"),
                Arguments.of("weights.regularity=[smooth]", "weights.regularity", "iid, rbf, fbm"),
                Arguments.of("weights.hurst=[1.2]", "weights.hurst", "(0, 1)"),
                Arguments.of("weights.length-scale=[0]", "weights.length-scale", "> 0"),
                // Empty grids, types, ranges, bad paths and the resume/lock keys.
                Arguments.of("grid.depth=[]", "grid.depth", "at least one"),
                Arguments.of("grid.arch=[]", "grid", "at least one value"),
                Arguments.of("trials=many", "trials", "integer >= 1"),
                Arguments.of("histogram-bins=0", "histogram-bins", ">= 1"),
                Arguments.of("checks.confidence=1", "checks.confidence", "(0, 1)"),
                Arguments.of("mode=quantum", "mode", "montecarlo, meanfield or training"),
                Arguments.of("output=\"\"", "output", "empty string"),
                Arguments.of("output=/proc/resnetmc-no-such-place/runs", "output", "cannot create"),
                Arguments.of("resume=maybe", "resume", "true or false"),
                Arguments.of("lock-timeout=30", "lock-timeout", "with a unit"),
                Arguments.of("lock-timeout=0s", "lock-timeout", ">= 1s"),
                Arguments.of("checkpoint-groups=0", "checkpoint-groups", "auto or a positive integer"),
                // Integer keys are never truncated (1.5 is not 1).
                Arguments.of("trials=1.5", "trials", "integer >= 1"),
                Arguments.of("seed=1.5", "seed", "integer"),
                Arguments.of("grid.width=[32.5]", "grid.width", "integer >= 1"),
                Arguments.of("checkpoint-groups=1.5", "checkpoint-groups", "auto or a positive integer"),
                Arguments.of("sampler=fast", "sampler", "dense, conditional, chain"),
                Arguments.of("backward=sometimes", "backward", "true or false"),
                Arguments.of("checks.tolerance=1", "checks.tolerance", "[0, 1)"),
                Arguments.of("checks.mean-min-trials=1.5", "checks.mean-min-trials", "integer >= 2"));
    }

    /** The cell the chain cannot sample, in a grid whose other cells it can. */
    @Test
    void chainRefusesNamingTheCell() throws IOException {
        Path conf = JobEndToEndTest.writeConfig(dir, "chain.conf", "trials = 5\nsampler = chain\n"
                + "grid { arch = [res-3, res-1], activation = [identity, tanh], width = [16], depth = [8] }");
        Path out = dir.resolve("chain-out");
        MainRun.Result r = MainRun.run(conf.toString(), "output=" + out);
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("sampler") && r.err().contains("arch=res-1, activation=tanh")
                && r.err().contains("tanh is not positively homogeneous"), r.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOverrides")
    void badKeyIsNamed(String override, String key, String allowed) throws IOException {
        Path conf = JobEndToEndTest.writeConfig(dir, "c.conf", "grid { beta = [0.5] }\ntrials = 5");
        Path out = dir.resolve("out");
        // The output root the run would use: the override's for the output= cases (an empty one would be
        // the working directory), else out.
        Path target = out;
        if (override.startsWith("output=")) {
            target = Path.of(override.substring("output=".length()).replace("\"", "")).toAbsolutePath();
        }
        List<String> before = listing(target);
        MainRun.Result r = MainRun.run(conf.toString(), "output=" + out, override);
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains(key), "names " + key + ": " + r.err());
        assertTrue(r.err().contains(allowed), "says what is allowed (" + allowed + "): " + r.err());
        assertEquals(before, listing(target), "nothing written in " + target);
        assertEquals(List.of("c.conf"), listing(dir), "nothing written next to the config");
    }

    /** The names in a folder, sorted; empty when it does not exist. */
    private static List<String> listing(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** An fbm cell whose O(d^2 L) weight field cannot fit in a task's memory is refused up front. */
    @Test
    void correlatedFieldTooLarge() throws IOException {
        Path conf = JobEndToEndTest.writeConfig(dir, "big.conf",
                "trials = 2\ngrid { width = [4096], depth = [2000] }\nweights { regularity = [fbm], hurst = [0.3] }");
        Path out = dir.resolve("big-out");
        MainRun.Result r = MainRun.run(conf.toString(), "output=" + out);
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("regularity=fbm") && r.err().contains("MiB per trial"), r.err());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void missingConfigFile() {
        MainRun.Result r = MainRun.run(dir.resolve("nope.conf").toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("config file not found"), r.err());
    }

    /** {@code --resume} needs a config file like any run. */
    @Test
    void resumeFlagAlone() {
        MainRun.Result r = MainRun.run("--resume");
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("usage"), r.err());
    }

    @Test
    void noArguments() {
        assertEquals(Main.BAD_INPUT, MainRun.run().code());
    }

    @Test
    void unwritableOutput() throws IOException {
        Path conf = JobEndToEndTest.writeConfig(dir, "c.conf", "trials = 5\ngrid { depth = [4], width = [4] }");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        MainRun.Result r = MainRun.run(conf.toString(), "output=" + file.resolve("runs"));
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("output"), r.err());
        assertEquals("x", Files.readString(file));
    }
}
