package resnetmc.job.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import resnetmc.job.Main;

/** mode = training through Main and Spark: tables, partition independence, divergence, bad input. */
class TrainingJobTest extends resnetmc.job.SparkTestSession {
    @TempDir
    Path dir;

    /**
     * Four networks on the teacher set: res-1 (leaky ReLU 0.8) and res-3 at d = 12, L = 10, Adam at
     * 3e-3 (trains) and at 30 (diverges), 150 steps of batch 32.
     */
    static final String CONFIG = """
            mode = training
            seed = 7
            progress = false
            grid { arch = [res-1, res-3], activation = [leaky-relu], width = 12, depth = 10, beta = 0.5 }
            training {
              dataset = teacher
              teacher { inputs = 8, outputs = 3, train = 512, test = 128, noise = 0.1 }
              steps = 150
              batch-size = 32
              eval-points = 6
              probe-size = 32
              optimizer = [adam]
              lr = [0.003, 30]
              divergence-bound = 100
            }
            """;

    static final String COLUMNS_BUT_WALL = "run_id, seed, network_id, arch, activation, width, depth, beta, alpha, "
            + "regularity, hurst, dataset, optimizer, schedule, lr, warmup_steps, weight_decay, decay, dropout, "
            + "batch_norm, clip_norm, batch_size, steps, replicate, steps_done, final_train_loss, final_test_loss, "
            + "final_test_accuracy, best_test_accuracy, diverged, diverged_step";

    /**
     * The same config on 1 and on 3 partitions gives identical rows (every column but wall_seconds) in
     * both tables; the Adam 3e-3 networks' test loss falls by more than a factor 10 (measured with this
     * config through submit/local: res-1 5.01 -> 0.115, factor 44; res-3 4.73 -> 0.120, factor 39; a
     * broken gradient or optimizer leaves it within a small factor), the rate-30 networks diverge at
     * step 1 (test loss 2e37 and 3e76 at that step) and the job still succeeds.
     */
    @Test
    void identicalOnOneAndThreePartitionsLossFallsDivergenceIsCaught() throws IOException {
        Path conf = dir.resolve("train.conf");
        Files.writeString(conf, CONFIG);
        String out = dir.resolve("out").toString();
        assertEquals(Main.OK, Main.run(new String[] {conf.toString(), "output=" + out, "run-id=p1", "partitions=1"},
                System.out, System.err));
        assertEquals(Main.OK, Main.run(new String[] {conf.toString(), "output=" + out, "run-id=p3", "partitions=3"},
                System.out, System.err));
        List<Row> runs1 = rows(out + "/p1/training_runs", COLUMNS_BUT_WALL.replace("run_id, ", ""));
        List<Row> runs3 = rows(out + "/p3/training_runs", COLUMNS_BUT_WALL.replace("run_id, ", ""));
        assertEquals(4, runs1.size());
        assertEquals(runs1, runs3);
        String curveColumns = "network_id, arch, depth, width, beta, optimizer, schedule, base_lr, replicate, step, "
                + "train_loss, test_loss, test_accuracy, grad_norm, h_change, lr";
        List<Row> curves1 = rows(out + "/p1/training_curves", curveColumns);
        assertEquals(curves1, rows(out + "/p3/training_curves", curveColumns));

        for (Row r : spark.read().parquet(out + "/p1/training_runs").collectAsList()) {
            double lr = r.getDouble(r.fieldIndex("lr"));
            boolean diverged = r.getBoolean(r.fieldIndex("diverged"));
            assertNull(r.get(r.fieldIndex("final_test_accuracy")), "regression: no accuracy");
            if (lr < 1) {
                assertFalse(diverged);
                assertNull(r.get(r.fieldIndex("diverged_step")));
                assertEquals(150, r.getInt(r.fieldIndex("steps_done")));
                long id = r.getLong(r.fieldIndex("network_id"));
                Row first = spark.read().parquet(out + "/p1/training_curves")
                        .where("network_id = " + id + " AND step = 0").first();
                double initial = first.getDouble(first.fieldIndex("test_loss"));
                double last = r.getDouble(r.fieldIndex("final_test_loss"));
                assertTrue(last < initial / 10, r.getString(r.fieldIndex("arch")) + ": " + initial + " -> " + last);
            } else {
                assertTrue(diverged);
                assertNotNull(r.get(r.fieldIndex("diverged_step")));
                assertEquals(r.getInt(r.fieldIndex("diverged_step")), r.getInt(r.fieldIndex("steps_done")));
            }
        }
        Row run = spark.read().parquet(out + "/p3/runs").first();
        assertEquals("complete", run.getString(run.fieldIndex("status")));
        assertEquals(4, run.getInt(run.fieldIndex("cells")));
    }

    private static List<Row> rows(String path, String columns) {
        return spark.read().parquet(path).selectExpr(columns.split(", ")).orderBy("network_id", columns.contains(", step,")
                ? new String[] {"step"} : new String[0]).collectAsList();
    }

    static Stream<Arguments> badOverrides() {
        return Stream.of(
                Arguments.of("training.optimizer=[adamax]", "training.optimizer", "sgd, momentum, nesterov"),
                Arguments.of("training.schedule=[cosine]", "training.schedule", "constant"),
                Arguments.of("training.lr=[0.01, -1]", "training.lr", "> 0"),
                Arguments.of("training.dataset=cifar", "training.dataset", "fashion-mnist or teacher"),
                Arguments.of("training.steps=0", "training.steps", ">= 1"),
                Arguments.of("training.steps=10.5", "training.steps", "integer >= 1"),
                Arguments.of("training.batch-size=100000", "training.batch-size", "training set has 512"),
                Arguments.of("training.eval-points=1", "training.eval-points", ">= 2"),
                Arguments.of("training.dropout=1", "training.dropout", "[0, 1)"),
                Arguments.of("training.decay=l1", "training.decay", "l2, decoupled"),
                Arguments.of("training.beta1=1", "training.beta1", "[0, 1)"),
                Arguments.of("training.clip-norm=-1", "training.clip-norm", ">= 0"),
                Arguments.of("training.divergence-bound=0", "training.divergence-bound", "> 0"),
                Arguments.of("training.replicates=0", "training.replicates", ">= 1"),
                Arguments.of("training.batch-norm=maybe", "training.batch-norm", "true or false"),
                Arguments.of("training.learning-rate=0.1", "training.learning-rate", "unknown key"),
                Arguments.of("training.teacher.noise=-0.1", "training.teacher.noise", ">= 0"),
                Arguments.of("weights.regularity=[rbf]", "weights.regularity", "iid or fbm"),
                Arguments.of("grid.arch=[res-4]", "grid.arch", "res-1, res-2, res-3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOverrides")
    void badTrainingKeyExitsTwo(String override, String key, String allowed) throws IOException {
        Path conf = dir.resolve("train.conf");
        Files.writeString(conf, CONFIG);
        Path out = dir.resolve("bad-out");
        resnetmc.job.MainRun.Result r = resnetmc.job.MainRun.run(conf.toString(), "output=" + out, override);
        String msg = r.err();
        assertEquals(Main.BAD_INPUT, r.code(), msg);
        assertTrue(msg.contains(key), "names " + key + ": " + msg);
        assertTrue(msg.contains(allowed), "says what is allowed (" + allowed + "): " + msg);
        assertFalse(Files.exists(out), "nothing written");
    }
}
