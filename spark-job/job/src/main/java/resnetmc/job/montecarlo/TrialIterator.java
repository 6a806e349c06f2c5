package resnetmc.job.montecarlo;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import org.apache.spark.util.LongAccumulator;
import resnetmc.config.RunConfig;
import resnetmc.job.run.UnitTrials;
import resnetmc.job.run.WorkUnit;
import resnetmc.kernel.Kernels;
import resnetmc.kernel.TrialKernel;
import resnetmc.model.Cell;
import resnetmc.process.LayerProcess;
import resnetmc.rng.RandomStreams;

/**
 * The Monte Carlo trials of a partition's units ({@link UnitTrials}): one kernel per cell, each trial
 * from the streams of (seed, cell, trial).
 */
final class TrialIterator extends UnitTrials<CellTrial> {
    /**
     * For fault-injection tests only: "CELL:TRIAL" (cell index in the run, trial index) makes that trial
     * throw, as a failing task would. Read on the executor; unset in real runs.
     */
    static final String FAIL_TRIAL_PROPERTY = "resnetmc.test.fail-trial";

    private final String failTrial = System.getProperty(FAIL_TRIAL_PROPERTY);
    private final RunConfig cfg;
    private final Map<Integer, LayerProcess> processes;
    private int samplerCell = -1;
    private TrialKernel sampler;
    /** The task threads' CPU clocks ({@code getCurrentThreadCpuTime} is -1 where the JVM has none: then only the wall clock is summed). */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final LongAccumulator samplingNanos;
    private final LongAccumulator samplingCpuNanos;

    /**
     * With {@code samplingNanos} and {@code samplingCpuNanos} (either may be null, and the CPU one is unless the
     * phases line is printed) summing the wall and CPU time spent in the kernels, for the phase breakdown.
     */
    TrialIterator(RunConfig cfg, Map<Integer, LayerProcess> processes, List<WorkUnit> units, LongAccumulator counter,
                  LongAccumulator samplingNanos, LongAccumulator samplingCpuNanos) {
        super(units, counter);
        this.cfg = cfg;
        this.processes = processes;
        this.samplingNanos = samplingNanos;
        this.samplingCpuNanos = samplingCpuNanos;
    }

    @Override
    protected CellTrial compute(int cellIndex, long trial) {
        if (failTrial != null && failTrial.equals(cellIndex + ":" + trial)) {
            throw new IllegalStateException("injected fault in cell " + cellIndex + ", trial " + trial);
        }
        Cell cell = cfg.cells().get(cellIndex);
        if (cellIndex != samplerCell) {
            sampler = Kernels.trialKernel(cell, cfg.trajectoryPoints(), cfg.backward(), processes.get(cellIndex));
            samplerCell = cellIndex;
        }
        long c0 = samplingCpuNanos != null ? THREADS.getCurrentThreadCpuTime() : 0;
        long t0 = System.nanoTime();
        CellTrial t = new CellTrial(cellIndex, sampler.run(RandomStreams.of(cfg.seed(), cell.id(), trial)));
        if (samplingNanos != null) {
            samplingNanos.add(System.nanoTime() - t0);
        }
        if (samplingCpuNanos != null && c0 >= 0) {
            samplingCpuNanos.add(THREADS.getCurrentThreadCpuTime() - c0);
        }
        return t;
    }
}
