package resnetmc.training;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import resnetmc.config.BadInputException;
import resnetmc.config.ConfigLoader;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.Regularity;
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
            "grid.sigma-b", "grid.alpha-relu-exponent", "meanfield", "resume", "checkpoint-groups");

    /** Validates a user config (file and overrides, without the reference) of mode training. */
    public static TrainingConfig fromConfig(Config user, String configName) {
        try {
            return typed(ConfigLoader.merged(user), user, configName);
        } catch (ConfigException e) {
            throw new BadInputException(null, e.getMessage());
        }
    }

    private static TrainingConfig typed(Config c, Config user, String configName) {
        ConfigLoader.rejectModeKeys(user, "training", NOT_TRAINING);
        String runId = ConfigLoader.runId(c, configName);
        String output = ConfigLoader.output(c);
        long seed = c.getLong("seed");
        int partitions = ConfigLoader.partitions(c);
        Config t = c.getConfig("training");
        String dataset = t.getString("dataset");
        if (!dataset.equals("fashion-mnist") && !dataset.equals("teacher")) {
            throw new BadInputException("training.dataset", "'" + dataset + "' is not allowed; use fashion-mnist or teacher");
        }
        DataSpec data = new DataSpec(dataset, t.getString("data-dir"),
                ConfigLoader.positiveInt(c, "training.train-size", 1), ConfigLoader.positiveInt(c, "training.test-size", 1),
                ConfigLoader.positiveInt(c, "training.teacher.inputs", 1),
                ConfigLoader.positiveInt(c, "training.teacher.outputs", 1),
                ConfigLoader.positiveInt(c, "training.teacher.train", 1),
                ConfigLoader.positiveInt(c, "training.teacher.test", 1),
                nonNegative(c, "training.teacher.noise"));

        int steps = ConfigLoader.positiveInt(c, "training.steps", 1);
        int batch = ConfigLoader.positiveInt(c, "training.batch-size", 1);
        int evalPoints = ConfigLoader.positiveInt(c, "training.eval-points", 2);
        int probe = ConfigLoader.positiveInt(c, "training.probe-size", 1);
        int replicates = ConfigLoader.positiveInt(c, "training.replicates", 1);
        long warmup = nonNegativeLong(c, "training.warmup-steps");
        double dropout = number(c, "training.dropout");
        if (!(dropout >= 0 && dropout < 1)) {
            throw new BadInputException("training.dropout", dropout + " is not allowed; must be in [0, 1)");
        }
        boolean batchNorm = bool(c, "training.batch-norm");
        double clip = nonNegative(c, "training.clip-norm");
        double bound = number(c, "training.divergence-bound");
        if (!(bound > 0)) {
            throw new BadInputException("training.divergence-bound", bound + " is not allowed; must be > 0");
        }
        List<Double> lrs = ConfigLoader.numbers(c, "training.lr");
        if (lrs.isEmpty()) {
            throw new BadInputException("training.lr", "is empty; give at least one rate > 0");
        }
        List<String> optimizers = ConfigLoader.strings(c, "training.optimizer");
        List<String> schedules = ConfigLoader.strings(c, "training.schedule");
        if (optimizers.isEmpty()) {
            throw new BadInputException("training.optimizer", "is empty; allowed: " + String.join(", ", Optimizers.names()));
        }
        if (schedules.isEmpty()) {
            throw new BadInputException("training.schedule", "is empty; allowed: " + String.join(", ", Schedules.names()));
        }
        List<OptimizerSpec> optSpecs = new ArrayList<>();
        for (String name : optimizers) {
            OptimizerSpec o = new OptimizerSpec(name, number(c, "training.momentum"), number(c, "training.beta1"),
                    number(c, "training.beta2"), number(c, "training.epsilon"), number(c, "training.rho"),
                    number(c, "training.weight-decay"), t.getString("decay"));
            Optimizers.validate(o);
            optSpecs.add(o);
        }
        List<ScheduleSpec> schedSpecs = new ArrayList<>();
        for (String name : schedules) {
            for (double lr : lrs) {
                ScheduleSpec s = new ScheduleSpec(name, lr, warmup, nonNegativeLong(c, "training.step-every"),
                        number(c, "training.step-gamma"), nonNegativeLong(c, "training.sgdr-period"),
                        number(c, "training.sgdr-mult"), number(c, "training.min-lr-ratio"),
                        nonNegativeLong(c, "training.half-cycle"));
                Schedules.validate(s);
                schedSpecs.add(s);
            }
        }

        List<Cell> cells = cells(c, user);
        List<NetworkRun> networks = new ArrayList<>();
        for (Cell cell : cells) {
            for (OptimizerSpec o : optSpecs) {
                for (ScheduleSpec s : schedSpecs) {
                    for (int r = 0; r < replicates; r++) {
                        networks.add(new NetworkRun(networks.size(), cell.arch(), cell.activation(), cell.width(),
                                cell.depth(), cell.beta(), cell.alpha(), cell.regularity(), cell.hurst(), o, s, r,
                                dropout, batchNorm, clip, batch, steps, evalPoints, probe, bound));
                    }
                }
            }
        }
        String rendered = ConfigLoader.rendered(c, runId);
        return new TrainingConfig(runId, output, seed, partitions, c.getBoolean("progress"), rendered, data,
                List.copyOf(networks));
    }

    /** The networks of the grid: the Monte Carlo cell keys, with the regularity restricted to iid and fbm. */
    private static List<Cell> cells(Config c, Config user) {
        List<Architecture> archs = ConfigLoader.architectures(c);
        List<Activation> activations = ConfigLoader.activations(c);
        List<Integer> widths = ConfigLoader.ints(c, "grid.width");
        List<Integer> depths = ConfigLoader.ints(c, "grid.depth");
        ConfigLoader.BranchScales scales = ConfigLoader.branchScales(c, user);
        boolean explicitAlpha = scales.explicitAlpha();
        List<Double> betas = explicitAlpha ? List.of() : scales.values();
        List<Double> alphas = explicitAlpha ? scales.values() : List.of();
        List<double[]> processes = new ArrayList<>();
        List<Double> hursts = ConfigLoader.numbers(c, "weights.hurst");
        for (double h : hursts) {
            if (!(h > 0 && h < 1)) {
                throw new BadInputException("weights.hurst", h + " is not allowed; must be in (0, 1)");
            }
        }
        for (String s : ConfigLoader.strings(c, "weights.regularity")) {
            Regularity r = Regularity.parse(s);
            if (r == null || r == Regularity.RBF) {
                throw new BadInputException("weights.regularity", "'" + s + "' is not allowed in training mode; use iid or fbm");
            }
            if (r == Regularity.IID) {
                processes.add(new double[] {r.ordinal(), Double.NaN});
            } else {
                hursts.forEach(h -> processes.add(new double[] {r.ordinal(), h}));
            }
        }
        List<Cell> cells = new ArrayList<>();
        for (Architecture arch : archs) {
            List<Activation> acts = arch == Architecture.RES_3 ? List.of(Activation.RELU) : activations;
            for (Activation act : acts) {
                for (int width : widths) {
                    for (int depth : depths) {
                        for (double[] pr : processes) {
                            for (double bOrA : explicitAlpha ? alphas : betas) {
                                double beta = explicitAlpha ? Double.NaN : bOrA;
                                double alpha = explicitAlpha ? bOrA : Cell.alphaOf(depth, bOrA);
                                Cell cell = NetworkRun.cellOf(arch, act, width, depth, beta, alpha,
                                        Regularity.values()[(int) pr[0]], pr[1]);
                                if (!cells.contains(cell)) {
                                    cells.add(cell);
                                }
                            }
                        }
                    }
                }
            }
        }
        return cells;
    }

    private static double number(Config c, String key) {
        try {
            double v = c.getDouble(key);
            if (Double.isNaN(v)) {
                throw new BadInputException(key, "must be a number, got NaN");
            }
            return v;
        } catch (ConfigException e) {
            throw new BadInputException(key, "must be a number");
        }
    }

    private static double nonNegative(Config c, String key) {
        double v = number(c, key);
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new BadInputException(key, v + " is not allowed; must be a finite number >= 0");
        }
        return v;
    }

    private static long nonNegativeLong(Config c, String key) {
        try {
            long v = c.getLong(key);
            if (v < 0) {
                throw new BadInputException(key, v + " is not allowed; must be an integer >= 0");
            }
            return v;
        } catch (ConfigException e) {
            throw new BadInputException(key, "must be an integer >= 0");
        }
    }

    private static boolean bool(Config c, String key) {
        try {
            return c.getBoolean(key);
        } catch (ConfigException e) {
            throw new BadInputException(key, "must be true or false");
        }
    }

}
