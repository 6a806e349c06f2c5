package resnetmc.job;

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

    public CellBuffer add(TrialOutcome t) {
        log10RFwd.add(t.trial(), t.log10RFwd());
        log10RBwd.add(t.trial(), t.log10RBwd());
        return this;
    }

    public CellBuffer merge(CellBuffer other) {
        log10RFwd.merge(other.log10RFwd);
        log10RBwd.merge(other.log10RBwd);
        return this;
    }

    public long count() {
        return log10RFwd.count();
    }
}
