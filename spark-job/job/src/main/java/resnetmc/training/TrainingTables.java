package resnetmc.training;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import resnetmc.job.Versions;
import resnetmc.model.Scaling;
import resnetmc.model.WeightProcess;

/**
 * Schemas and rows of {@code training_runs} (one row per network) and {@code training_curves} (one row
 * per network and evaluation step). Column names are a public interface: add, never rename. NaN
 * parameters (beta with an explicit alpha, hurst of i.i.d. weights) and absent results (accuracy of a
 * regression, diverged_step of a network that did not diverge) are SQL null; measured losses keep NaN.
 */
public final class TrainingTables {
    public static final String RUNS = "training_runs";
    public static final String CURVES = "training_curves";

    private TrainingTables() {
    }

    private static final class Schema {
        private final List<StructField> fields = new ArrayList<>();

        Schema add(String name, DataType type, boolean nullable) {
            fields.add(new StructField(name, type, nullable, Metadata.empty()));
            return this;
        }

        Schema add(String name, DataType type) {
            return add(name, type, false);
        }

        StructType build() {
            return new StructType(fields.toArray(new StructField[0]));
        }
    }

    public static final StructType RUNS_SCHEMA = new Schema()
            .add("run_id", StringType).add("seed", LongType).add("network_id", LongType)
            .add("arch", StringType).add("activation", StringType).add("width", IntegerType).add("depth", IntegerType)
            .add("beta", DoubleType, true).add("alpha", DoubleType)
            .add("regularity", StringType).add("hurst", DoubleType, true)
            .add("dataset", StringType).add("optimizer", StringType).add("schedule", StringType)
            .add("lr", DoubleType).add("warmup_steps", LongType).add("weight_decay", DoubleType)
            .add("decay", StringType).add("dropout", DoubleType).add("batch_norm", BooleanType)
            .add("clip_norm", DoubleType).add("batch_size", IntegerType).add("steps", IntegerType)
            .add("replicate", IntegerType).add("steps_done", IntegerType)
            .add("final_train_loss", DoubleType).add("final_test_loss", DoubleType)
            .add("final_test_accuracy", DoubleType, true).add("best_test_accuracy", DoubleType, true)
            .add("diverged", BooleanType).add("diverged_step", IntegerType, true)
            .add("wall_seconds", DoubleType)
            .add("project_version", StringType).add("spark_version", StringType)
            .build();

    public static final StructType CURVES_SCHEMA = new Schema()
            .add("run_id", StringType).add("network_id", LongType)
            .add("arch", StringType).add("depth", IntegerType).add("width", IntegerType)
            .add("beta", DoubleType, true).add("optimizer", StringType).add("schedule", StringType)
            .add("base_lr", DoubleType).add("replicate", IntegerType).add("step", IntegerType)
            .add("train_loss", DoubleType).add("test_loss", DoubleType).add("test_accuracy", DoubleType, true)
            .add("grad_norm", DoubleType).add("h_change", DoubleType).add("lr", DoubleType)
            .build();

    public static Row runRow(TrainingConfig cfg, String dataset, TrainingResult r, String sparkVersion) {
        NetworkRun n = r.run();
        return RowFactory.create(cfg.runId(), cfg.seed(), n.id(), n.arch().label(), n.activation().label(), n.width(),
                n.depth(), n.scaling() instanceof Scaling.Beta b ? b.beta() : null, n.alpha(), n.weights().label(),
                n.weights() instanceof WeightProcess.Fbm f ? f.hurst() : null, dataset,
                n.optimizer().name(), n.schedule().name(), n.lr(), n.schedule().warmupSteps(),
                n.optimizer().weightDecay(), n.optimizer().name().equals("adamw") ? "decoupled" : n.optimizer().decay(),
                n.dropout(), n.batchNorm(), n.clipNorm(), n.batchSize(), n.steps(), n.replicate(), r.stepsDone(),
                r.finalTrainLoss(), r.finalTestLoss(), nullIfNaN(r.finalTestAccuracy()),
                nullIfNaN(r.bestTestAccuracy()), r.diverged(), r.diverged() ? r.divergedStep() : null, r.wallSeconds(),
                Versions.PROJECT, sparkVersion);
    }

    public static List<Row> curveRows(TrainingConfig cfg, TrainingResult r) {
        NetworkRun n = r.run();
        List<Row> rows = new ArrayList<>(r.curve().size());
        for (TrainingResult.CurvePoint p : r.curve()) {
            rows.add(RowFactory.create(cfg.runId(), n.id(), n.arch().label(), n.depth(), n.width(),
                    n.scaling() instanceof Scaling.Beta b ? b.beta() : null, n.optimizer().name(), n.schedule().name(), n.lr(), n.replicate(), p.step(),
                    p.trainLoss(), p.testLoss(), nullIfNaN(p.testAccuracy()), p.gradNorm(), p.hChange(), p.lr()));
        }
        return rows;
    }

    private static Object nullIfNaN(double x) {
        return Double.isNaN(x) ? null : x;
    }
}
