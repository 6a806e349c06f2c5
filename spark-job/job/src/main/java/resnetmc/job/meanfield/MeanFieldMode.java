package resnetmc.job.meanfield;

import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import resnetmc.config.ConfigReader;
import resnetmc.meanfield.MeanFieldConfig;
import resnetmc.meanfield.MeanFieldConfigs;
import resnetmc.io.SparkSchemas;
import resnetmc.job.run.Mode;
import resnetmc.job.run.RunContext;
import resnetmc.job.run.RunCounts;
import resnetmc.job.run.RunSettings;
import resnetmc.job.run.RunTiming;
import resnetmc.job.run.UnitTrials;
import resnetmc.job.run.Versions;
import resnetmc.job.run.WorkPlan;
import resnetmc.job.run.WorkUnit;
import resnetmc.meanfield.MeanFieldSampler;
import resnetmc.kernel.Trajectory;
import resnetmc.meanfield.MeanFieldArchitecture;
import resnetmc.meanfield.MeanFieldCell;
import resnetmc.rng.RandomStreams;
import resnetmc.schema.TableNames;
import resnetmc.stats.TrialVectorBuffer;
import resnetmc.theory.meanfield.MeanFieldRecursion;
import scala.Tuple2;

/**
 * {@code mode = meanfield}: trials of FRN/RRN cells spread over the executors ({@link WorkPlan}), each
 * running {@link MeanFieldSampler#trial}; the per-layer values aggregated per cell in trial order
 * ({@link TrialVectorBuffer}); the infinite-width predictions computed on the driver
 * ({@link MeanFieldRecursion#predict}); the {@code layers} table ({@link LayerRows}).
 */
public final class MeanFieldMode implements Mode<Void> {

    /** One trial's values at its cell's recorded layers. */
    record LayerTrial(int cell, long trial, double[] values) implements Serializable {
    }

    private final MeanFieldConfig cfg;

    MeanFieldMode(MeanFieldConfig cfg) {
        this.cfg = cfg;
    }

    /** The mode of a config with {@code mode = meanfield}; bad input throws naming the key. */
    public static MeanFieldMode parse(ConfigReader.Source source) {
        return new MeanFieldMode(MeanFieldConfigs.from(source.user(), source.name()));
    }

    @Override
    public RunSettings settings() {
        return new RunSettings(cfg.runId(), cfg.output(), cfg.progress(), cfg.seed(), cfg.rendered());
    }

    @Override
    public String banner(String master) {
        return String.format("resnetmc %s: mean-field run %s, %d cells x %d trials on %s", Versions.PROJECT,
                cfg.runId(), cfg.cells().size(), cfg.trials(), master);
    }

    @Override
    public Outcome<Void> execute(RunContext run) {
        int partitions = run.partitions(cfg.partitions(), cfg.totalTrials());
        double[] costs = cfg.cells().stream().mapToDouble(MeanFieldCell::cost).toArray();
        List<List<WorkUnit>> bins = WorkPlan.plan(costs, cfg.trials(), partitions);
        Broadcast<MeanFieldConfig> bc = run.broadcast(cfg);
        LongAccumulator counter = run.trialCounter();
        run.showProgress(bins, cfg.cells().size(), cfg.totalTrials(), counter);
        Map<Integer, TrialVectorBuffer> buffers = run.jsc().parallelize(bins, bins.size())
                .flatMap(bin -> new TrialIterator(bc.value(), bin, counter))
                .mapToPair(t -> new Tuple2<>(t.cell(), t))
                .aggregateByKey(new TrialVectorBuffer(), Math.max(1, Math.min(cfg.cells().size(), partitions)),
                        (b, t) -> b.add(t.trial(), t.values()), TrialVectorBuffer::merge)
                .collectAsMap();
        run.writeTable(TableNames.LAYERS, SparkSchemas.LAYERS, rows(buffers));
        int units = bins.stream().mapToInt(List::size).sum();
        return new Outcome<>(RunCounts.whole(cfg.cells().size(), cfg.trials(), cfg.totalTrials(), bins.size(), units),
                null);
    }

    /** The rows of every cell, with the theory at its recorded layers. */
    private List<Row> rows(Map<Integer, TrialVectorBuffer> buffers) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < cfg.cells().size(); i++) {
            MeanFieldCell c = cfg.cells().get(i);
            TrialVectorBuffer b = buffers.get(i);
            if (b == null || b.count() != cfg.trials()) {
                throw new IllegalStateException("cell " + i + " has " + (b == null ? 0 : b.count())
                        + " trials, expected " + cfg.trials());
            }
            int[] layers = Trajectory.layers(c.depth(), cfg.layerPoints());
            rows.addAll(LayerRows.rows(cfg, c, layers, b, prediction(c, layers)));
        }
        return rows;
    }

    @Override
    public void printSummary(PrintStream out, Outcome<Void> outcome, RunTiming timing, String runPath) {
        out.printf("done: %d trials in %.1f s (%d partitions)%n", outcome.counts().totalTrials(), timing.wallSeconds(),
                outcome.counts().partitions());
        out.println("tables: " + runPath + "/{layers,runs}");
    }

    /** The infinite-width recursion of the cell at the recorded layers. */
    static double[] prediction(MeanFieldCell c, int[] layers) {
        return new MeanFieldRecursion(c.arch() == MeanFieldArchitecture.FRN, c.phi(), c.sigmaW(), c.sigmaV(),
                c.sigmaA(), c.sigmaB(), c.branch()).predict(c.depth(), c.inputLength(), c.inputCosine(), layers);
    }

    /** The mean-field trials of a partition's units ({@link UnitTrials}). */
    static final class TrialIterator extends UnitTrials<LayerTrial> {
        private final MeanFieldConfig cfg;
        private int samplerCell = -1;
        private MeanFieldSampler sampler;
        private int[] layers;

        TrialIterator(MeanFieldConfig cfg, List<WorkUnit> units, LongAccumulator counter) {
            super(units, counter);
            this.cfg = cfg;
        }

        @Override
        protected LayerTrial compute(int cellIndex, long trial) {
            MeanFieldCell cell = cfg.cells().get(cellIndex);
            if (cellIndex != samplerCell) {
                sampler = MeanFieldSampler.of(cell);
                layers = Trajectory.layers(cell.depth(), cfg.layerPoints());
                samplerCell = cellIndex;
            }
            double[] values = sampler.trial(RandomStreams.of(cfg.seed(), cell.id(), trial), cell.inputLength(),
                    cell.inputCosine(), layers);
            return new LayerTrial(cellIndex, trial, values);
        }
    }
}
