package resnetmc.checks;

import java.io.Serializable;
import resnetmc.model.Cell;
import resnetmc.stats.CellSample;
import resnetmc.stats.Summary;

/**
 * Everything the run knows about one cell after aggregation: summaries, the sample of log10 r_fwd the checks
 * count exceedances on (every value in trial order, or a bounded {@link resnetmc.stats.BlockedSample}), and
 * the summary of log10 ||h_L||/||h_0||.
 */
public record CellResult(int index, Cell cell, CellSample log10RFwd, Summary rFwd, Summary rBwd,
                         Summary log10RFwdSummary, Summary log10RBwdSummary, Summary log10HRatioSummary)
        implements Serializable {

    /** Summaries of the ratios and of their log10, from the values in trial order (no norm ratios). */
    public static CellResult of(int index, Cell cell, double[] log10RFwd, double[] log10RBwd, double confidence,
                                int bins) {
        return of(index, cell, log10RFwd, log10RBwd, new double[0], confidence, bins);
    }

    /** The same with the trials' log10 ||h_L||/||h_0||. */
    public static CellResult of(int index, Cell cell, double[] log10RFwd, double[] log10RBwd, double[] log10HRatio,
                                double confidence, int bins) {
        return new CellResult(index, cell, CellSample.exact(log10RFwd),
                Summary.of(pow10(log10RFwd), confidence, bins), Summary.of(pow10(log10RBwd), confidence, bins),
                Summary.of(log10RFwd, confidence, bins), Summary.of(log10RBwd, confidence, bins),
                Summary.of(log10HRatio, confidence, bins));
    }

    private static double[] pow10(double[] xs) {
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = StrictMath.pow(10.0, xs[i]);
        }
        return out;
    }
}
