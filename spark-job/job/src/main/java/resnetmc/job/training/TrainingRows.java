package resnetmc.job.training;

import resnetmc.model.WeightProcess;
import resnetmc.model.Scaling;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import resnetmc.job.run.Versions;
import resnetmc.training.NetworkRun;
import resnetmc.training.TrainingConfig;
import resnetmc.training.TrainingResult;

/**
 * The rows of {@code training_runs} (one per network) and {@code training_curves} (one per network and
 * evaluation step), in the column order of {@link resnetmc.io.SparkSchemas}. NaN parameters (beta with
 * an explicit alpha, hurst of i.i.d. weights) and absent results (accuracy of a regression,
 * diverged_step of a network that did not diverge) are SQL null; measured losses keep NaN.
 */
final class TrainingRows {

    private TrainingRows() {
    }

    static Row runRow(TrainingConfig cfg, String dataset, TrainingResult r, String sparkVersion) {
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

    static List<Row> curveRows(TrainingConfig cfg, TrainingResult r) {
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
