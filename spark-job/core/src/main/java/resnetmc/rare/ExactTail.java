package resnetmc.rare;

import resnetmc.model.Cell;
import resnetmc.stats.Interval;
import resnetmc.theory.normlaw.Branch;
import resnetmc.theory.normlaw.NormRatioLaw;

/**
 * Exact brackets of P(r_fwd outside a region) for cells whose norm ratio rho = ||h_L|| / ||h_0|| has the
 * exact law of THEORY.md section 6 ({@link NormRatioLaw}: Gaussian i.i.d. weights, res-3, res-2 ReLU, leaky
 * ReLU or identity, res-1 identity): by the triangle inequality (rho - 1)^2 <= r_fwd <= (rho + 1)^2, so
 * <pre>  P((rho + 1)^2 &lt;= lo) + P((rho - 1)^2 &gt;= hi)  &lt;=  P(r_fwd &lt;= lo or r_fwd &gt;= hi)
 *      &lt;=  P((rho - 1)^2 &lt;= lo) + P((rho + 1)^2 &gt;= hi).</pre>
 * When the whole bracket lies on one side of delta it decides an exceedance statement with no sampling
 * error. It is tight where ||h_L|| dominates r_fwd (beta &lt; 1/2, or bounds far from the bulk, as at small
 * delta) and loose where L alpha^2 is small ((rho -+ 1)^2 are then far apart relative to r_fwd).
 * The law's tails have a relative error far below the margins used (NormRatioLaw's tests: 1e-6 and better).
 */
public final class ExactTail {
    private static final double LN10 = StrictMath.log(10);

    private final NormRatioLaw law;

    private ExactTail(NormRatioLaw law) {
        this.law = law;
    }

    /** The exact tails of a cell, null when its norm ratio has no exact law here (see {@link TiltedChain#unsupported}; leaky ReLU not yet). */
    public static ExactTail of(Cell cell) {
        Branch br = TiltedChain.branchOf(cell);
        if (br == null || br.kind() == Branch.Kind.LEAKY) {
            return null; // NormRatioLaw has no leaky ReLU law yet
        }
        return new ExactTail(NormRatioLaw.of(br, cell.width(), cell.depth(), cell.alpha()));
    }

    public NormRatioLaw law() {
        return law;
    }

    /**
     * @param low        lower end of the region of r_fwd; NaN or {@code <= 0}: no lower side
     * @param log10High  log10 of the upper end (finite past 1e308); NaN or +Infinity: no upper side
     * @return bounds on P(r_fwd &lt;= low or r_fwd &gt;= 10^log10High), clipped to [0, 1]
     */
    public Interval outside(double low, double log10High) {
        double lo = 0;
        double hi = 0;
        if (low > 0) {
            Interval below = law.rFwdBelow(low); // P(r < low) = P(r <= low): no atom at low > 0
            lo += below.low();
            hi += below.high();
        }
        if (log10High < Double.POSITIVE_INFINITY) {
            if (log10High < 300) {
                Interval above = law.rFwdAbove(StrictMath.pow(10, log10High));
                lo += above.low();
                hi += above.high();
            } else {
                // (rho + 1)^2 >= t implies rho >= sqrt(t) - 1 >= sqrt(t) / 2, i.e. log rho^2 >= ln t - 2 ln 2;
                // the lower end 0 is valid (and the tail is anyway below e^-600 at such t for any shipped cell)
                hi += law.upperTail(log10High * LN10 - 2 * StrictMath.log(2));
            }
        }
        return new Interval(Math.min(1, lo), Math.min(1, hi));
    }
}
