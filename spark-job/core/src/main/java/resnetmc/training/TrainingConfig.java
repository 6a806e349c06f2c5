package resnetmc.training;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import resnetmc.config.BadInputException;
import resnetmc.config.ConfigReader;
import resnetmc.config.GridKeys;
import resnetmc.config.Range;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.Grid;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;
import resnetmc.model.WeightProcess;
import resnetmc.training.data.Dataset;
import resnetmc.training.data.FashionMnist;
import resnetmc.training.data.TeacherStudent;
import resnetmc.training.optim.OptimizerSpec;
import resnetmc.training.optim.Optimizers;
import resnetmc.training.optim.ScheduleSpec;
import resnetmc.training.optim.Schedules;

/**
 * A training run's settings, parsed once on the driver from the merged config ({@code mode = training})
 * and validated: every problem is a {@link BadInputException} naming the key. The networks are the
 * cartesian product, in this order, of arch x activation x width x depth x (regularity, hurst) x
 * beta (or alpha) x optimizer x schedule x lr x replicate.
 */
public record TrainingConfig(String runId, String output, long seed, int partitions, boolean progress,
                             String rendered, DataSpec data, List<NetworkRun> networks) implements Serializable {

    /** Which data set, and its sizes. */
    public record DataSpec(String dataset, String dataDir, int trainSize, int testSize, int teacherInputs,
                           int teacherOutputs, int teacherTrain, int teacherTest, double teacherNoise)
            implements Serializable {

        /** Loads (Fashion-MNIST) or generates (teacher, from the run seed) the data set on the driver. */
        public Dataset load(long seed) {
            return dataset.equals("teacher")
                    ? TeacherStudent.generate(seed, teacherInputs, teacherOutputs, teacherTrain, teacherTest, teacherNoise)
                    : FashionMnist.load(dataDir, trainSize, testSize);
        }
    }

    /** Keys of the other modes that a training run does not read; setting one is an error. */
    static final List<String> NOT_TRAINING = List.of("grid.init", "grid.sigma-w", "grid.sigma-v", "grid.sigma-a",
            "grid.sigma-b", "grid.alpha-relu-exponent", "meanfield", "resume", "checkpoint-groups",
            "backward", "extra-grids");

    /** Validates a user config (file and overrides, without the reference) of mode training. */
    public static TrainingConfig fromConfig(Config user, String configName) {
        try {
            return from(ConfigReader.of(user, configName));
        } catch (ConfigException e) {
            throw new BadInputException(null, e.getMessage());
        }
    }

    /** Builds the typed record from a reader. */
    public static TrainingConfig from(ConfigReader r) {
        r.rejectKeys("training", NOT_TRAINING);
        String runId = r.runId();
        String output = r.output();
        long seed = r.integer("seed");
        int partitions = r.intOrAuto("partitions", 1);
        String dataset = r.choice("training.dataset", List.of("fashion-mnist", "teacher"));
        DataSpec data = new DataSpec(dataset, r.string("training.data-dir"),
                r.intAtLeast("training.train-size", 1), r.intAtLeast("training.test-size", 1),
                r.intAtLeast("training.teacher.inputs", 1), r.intAtLeast("training.teacher.outputs", 1),
                r.intAtLeast("training.teacher.train", 1), r.intAtLeast("training.teacher.test", 1),
                r.number("training.teacher.noise", Range.NON_NEGATIVE));

        int steps = r.intAtLeast("training.steps", 1);
        int batch = r.intAtLeast("training.batch-size", 1);
        int evalPoints = r.intAtLeast("training.eval-points", 2);
        int probe = r.intAtLeast("training.probe-size", 1);
        int replicates = r.intAtLeast("training.replicates", 1);
        long warmup = r.longAtLeast("training.warmup-steps", 0);
        double dropout = r.number("training.dropout", Range.UNIT_CLOSED_OPEN);
        boolean batchNorm = r.bool("training.batch-norm");
        double clip = r.number("training.clip-norm", Range.NON_NEGATIVE);
        double bound = r.number("training.divergence-bound", Range.POSITIVE);
        // The optimizer and schedule constants are checked per rule by Optimizers/Schedules.validate, which
        // know which rule reads which; here they need only be finite numbers.
        List<Double> lrs = r.numberList("training.lr", Range.FINITE);
        if (lrs.isEmpty()) {
            throw new BadInputException("training.lr", "is empty; give at least one rate > 0");
        }
        List<String> optimizers = r.stringList("training.optimizer");
        List<String> schedules = r.stringList("training.schedule");
        if (optimizers.isEmpty()) {
            throw new BadInputException("training.optimizer", "is empty; allowed: " + String.join(", ", Optimizers.names()));
        }
        if (schedules.isEmpty()) {
            throw new BadInputException("training.schedule", "is empty; allowed: " + String.join(", ", Schedules.names()));
        }
        List<OptimizerSpec> optSpecs = new ArrayList<>();
        for (String name : optimizers) {
            OptimizerSpec o = new OptimizerSpec(name, r.number("training.momentum", Range.FINITE),
                    r.number("training.beta1", Range.FINITE), r.number("training.beta2", Range.FINITE),
                    r.number("training.epsilon", Range.FINITE), r.number("training.rho", Range.FINITE),
                    r.number("training.weight-decay", Range.FINITE), r.string("training.decay"));
            Optimizers.validate(o);
            optSpecs.add(o);
        }
        List<ScheduleSpec> schedSpecs = new ArrayList<>();
        for (String name : schedules) {
            for (double lr : lrs) {
                ScheduleSpec s = new ScheduleSpec(name, lr, warmup, r.longAtLeast("training.step-every", 0),
                        r.number("training.step-gamma", Range.FINITE), r.longAtLeast("training.sgdr-period", 0),
                        r.number("training.sgdr-mult", Range.FINITE), r.number("training.min-lr-ratio", Range.FINITE),
                        r.longAtLeast("training.half-cycle", 0));
                Schedules.validate(s);
                schedSpecs.add(s);
            }
        }

        List<NetworkRun> networks = new ArrayList<>();
        for (Cell cell : cells(r)) {
            for (OptimizerSpec o : optSpecs) {
                for (ScheduleSpec s : schedSpecs) {
                    for (int rep = 0; rep < replicates; rep++) {
                        networks.add(new NetworkRun(networks.size(), cell, o, s, rep, dropout, batchNorm, clip, batch,
                                steps, evalPoints, probe, bound));
                    }
                }
            }
        }
        return new TrainingConfig(runId, output, seed, partitions, r.bool("progress"), r.rendered(runId), data,
                List.copyOf(networks));
    }

    /**
     * The networks of the grid: the cells of the Monte Carlo grid with Gaussian entries, data inputs, the
     * quadratic loss and the dense sampler ({@link NetworkRun#cellOf}), and the weights restricted to iid
     * and fbm.
     */
    private static List<Cell> cells(ConfigReader r) {
        List<Architecture> archs = GridKeys.archs(r);
        List<Activation> activations = GridKeys.activations(r);
        List<Integer> widths = r.intList("grid.width", 1);
        List<Integer> depths = r.intList("grid.depth", 1);
        List<Scaling> scalings = GridKeys.scalings(r);
        List<WeightProcess.Kind> kinds = r.enumList("weights.regularity", WeightProcess.Kind.class);
        if (kinds.contains(WeightProcess.Kind.RBF)) {
            throw new BadInputException("weights.regularity", "'rbf' is not allowed in training mode; use iid or fbm");
        }
        List<WeightProcess> weights = GridKeys.weights(r, kinds);
        return GridKeys.build(() -> new Grid(archs, activations, List.of(WeightDistribution.GAUSSIAN), widths, depths,
                scalings, weights, InputKind.DATA, LossKind.QUADRATIC, Optional.of(Sampler.DENSE))).cells();
    }
}
