package resnetmc.job.montecarlo;

import java.io.Serializable;
import resnetmc.kernel.TrialOutcome;
import resnetmc.stats.SampleBuffer;

/**
 * The per-cell aggregation buffer of the job: the log10 ratios of every trial, keyed by trial index,
 * so the cell statistics are computed in trial order and do not depend on the partitioning.
 */
public final class CellBuffer implements Serializable {
    final SampleBuffer log10RFwd = new SampleBuffer();
    final SampleBuffer log10RBwd = new SampleBuffer();
    final SampleBuffer log10HRatio = new SampleBuffer();

    public CellBuffer add(TrialOutcome t) {
        return add(t.trial(), t.log10RFwd(), t.log10RBwd(), t.log10HRatio());
    }

    /** The same from a trial's stored values (a row of the trials table). */
    public CellBuffer add(long trial, double log10RFwd, double log10RBwd, double log10HRatio) {
        this.log10RFwd.add(trial, log10RFwd);
        this.log10RBwd.add(trial, log10RBwd);
        this.log10HRatio.add(trial, log10HRatio);
        return this;
    }

    public CellBuffer merge(CellBuffer other) {
        log10RFwd.merge(other.log10RFwd);
        log10RBwd.merge(other.log10RBwd);
        log10HRatio.merge(other.log10HRatio);
        return this;
    }

    public long count() {
        return log10RFwd.count();
    }
}
