package resnetmc.theory.normlaw;

import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import resnetmc.model.Cell;
import resnetmc.model.Sampler;
import resnetmc.stats.Interval;

/**
 * Exact (sampling-free) bounds on P(r_fwd outside a region) for cells whose norm ratio rho = ||h_L|| / ||h_0|| has the
 * exact law of THEORY.md section 6 ({@link NormRatioLaw}: Gaussian i.i.d. weights, res-3, res-2 ReLU, leaky
 * ReLU or identity, res-1 identity): by the triangle inequality (rho - 1)^2 <= r_fwd <= (rho + 1)^2, so
 * <pre>  P((rho + 1)^2 &lt;= lo) + P((rho - 1)^2 &gt;= hi)  &lt;=  P(r_fwd &lt;= lo or r_fwd &gt;= hi)
 *      &lt;=  P((rho - 1)^2 &lt;= lo) + P((rho + 1)^2 &gt;= hi).</pre>
 * The upper end is bounded rigorously by Chernoff bounds on log rho^2 (see {@link #log10Outside}); when it
 * is at most delta it decides "holds" with no sampling error (a lower end is not computed: "violated" is
 * left to the count). It is tight where ||h_L|| dominates r_fwd (beta &lt; 1/2, or bounds far from the bulk, as at small
 * delta) and loose where L alpha^2 is small ((rho -+ 1)^2 are then far apart relative to r_fwd).
 */
public final class ExactTail {
    /** The {@code method} of a checks row this decides. */
    public static final String METHOD = "exact";

    private static final double LN10 = StrictMath.log(10);
    /**
     * Relative tolerance on the minimising theta: the exponent is smooth and convex, so a relative error e in
     * theta costs about e^2 of its curvature term, far below the last bit at 1e-10 (golden-section search stopped at about 4e-9).
     */
    private static final double THETA_RELATIVE_TOLERANCE = 1e-10;
    /** A cap on the CGF evaluations of Brent's method on one side (a whole side takes about 22 with the doubling). */
    private static final int MAX_EVALUATIONS = 200;

    private final NormRatioLaw law;
    /**
     * Each side's minimised bound by its threshold and direction: the checks and the {@code tails} rows ask
     * for the same sides of the same cell, and a side costs a few dozen evaluations of the layer's CGF.
     */
    private final java.util.concurrent.ConcurrentHashMap<Long, Double> sides =
            new java.util.concurrent.ConcurrentHashMap<>();

    private ExactTail(NormRatioLaw law) {
        this.law = law;
    }

    /**
     * The exact tails of a cell, null where its norm ratio has no exact law here: the cells the chain
     * sampler takes ({@link Sampler#chainConflict}), with the branch of {@link Branch#of}.
     */
    public static ExactTail of(Cell cell) {
        Branch br = Branch.of(cell).orElse(null);
        if (br == null || Sampler.chainConflict(cell.arch(), cell.activation(), cell.distribution(), cell.weights(),
                cell.width()) != null) {
            return null;
        }
        return new ExactTail(NormRatioLaw.of(br, cell.width(), cell.depth(), cell.alpha()));
    }

    public NormRatioLaw law() {
        return law;
    }

    /**
     * @param low        lower end of the region of r_fwd; NaN or {@code <= 0}: no lower side
     * @param log10High  log10 of the upper end (finite past 1e308); NaN or +Infinity: no upper side
     * @return bounds on P(r_fwd &lt;= low or r_fwd &gt;= 10^log10High): [0, the Chernoff bound], clipped to 1
     */
    public Interval outside(double low, double log10High) {
        return new Interval(0, StrictMath.pow(10, log10Outside(low, log10High)));
    }

    /**
     * log10 of an upper bound on P(r_fwd &lt;= low or r_fwd &gt;= 10^log10High) (at most 0), finite far below
     * 1e-308. Each side is a Chernoff bound on S = log rho^2, P(S &gt;= x) &lt;= exp(-theta x + L K(theta)) for
     * every theta &gt; 0 (and P(S &lt;= x) with theta &lt; 0), minimised over theta: a rigorous bound computed from
     * a few dozen values of the layer's CGF K, where the Fourier inversion of the full law costs thousands
     * of complex ones per tail.
     */
    public double log10Outside(double low, double log10High) {
        return log10Outside(low, log10High, 0);
    }

    /**
     * The same, but 0 (the trivial bound) at once when a side's threshold is within
     * {@code 1.2 sqrt(2 ln(1/screen))} standard deviations of the mean of log rho^2, where a Gaussian-like
     * tail could not go below {@code screen}: it saves the CGF evaluations of rows near the bulk, which
     * could not be decided (0: no screening).
     */
    public double log10Outside(double low, double log10High, double screen) {
        double screenZ = screen > 0 ? 1.2 * Math.sqrt(2 * StrictMath.log(1 / screen)) : 0;
        double lnP = Double.NEGATIVE_INFINITY;
        if (low > 0) {
            double s = Math.sqrt(low);
            // (rho - 1)^2 <= low  <=>  1 - s <= rho <= 1 + s
            double side = chernoff(2 * StrictMath.log1p(s), false, screenZ);
            if (s < 1) {
                side = Math.min(side, chernoff(2 * StrictMath.log1p(-s), true, screenZ));
            }
            lnP = logAdd(lnP, side);
        }
        if (log10High < Double.POSITIVE_INFINITY) {
            double side;
            if (log10High < 300) {
                double s = Math.sqrt(StrictMath.pow(10, log10High));
                // (rho + 1)^2 >= t  <=>  rho >= sqrt(t) - 1
                side = s <= 1 ? 0 : chernoff(2 * StrictMath.log(s - 1), true, screenZ);
            } else {
                // rho >= sqrt(t) - 1 >= sqrt(t) / 2 at such t: log rho^2 >= ln t - 2 ln 2
                side = chernoff(log10High * LN10 - 2 * StrictMath.log(2), true, screenZ);
            }
            lnP = logAdd(lnP, side);
        }
        return Math.min(0, lnP) / LN10;
    }

    private static double logAdd(double x, double y) {
        if (x == Double.NEGATIVE_INFINITY) {
            return y;
        }
        double m = Math.max(x, y);
        return m + StrictMath.log(StrictMath.exp(x - m) + StrictMath.exp(y - m));
    }

    /**
     * ln of min over theta of exp(-theta x + L K(theta)): theta &gt; 0 bounds P(S &gt;= x) ({@code upper}), theta
     * in (-d/2, 0) bounds P(S &lt;= x); 0 (the trivial bound) when x is on the mean's side. The exponent is
     * convex in theta: bracketed by doubling, then minimised by Brent's method.
     */
    private double chernoff(double x, boolean upper, double screenZ) {
        double mean = law.meanLogRho2();
        if (upper ? x <= mean : x >= mean) {
            return 0;
        }
        double sd = law.sdLogRho2();
        if (Math.abs(x - mean) < screenZ * sd) {
            return 0;
        }
        long key = Double.doubleToLongBits(x) * 31 + (upper ? 1 : 0);
        Double known = sides.get(key);
        if (known != null) {
            return known;
        }
        double bound = minimise(x, upper, mean, sd);
        sides.put(key, bound);
        return bound;
    }

    /** min over theta of -theta x + L K(theta) on the side's domain (the Chernoff exponent of the side). */
    private double minimise(double x, boolean upper, double mean, double sd) {
        double sign = upper ? 1 : -1;
        double limit = upper ? Double.POSITIVE_INFINITY : -law.layerDomainLow() * 0.999;
        java.util.function.DoubleUnaryOperator f = th -> {
            double v = -sign * th * x + law.depth() * law.layerCgf(sign * th);
            return Double.isFinite(v) ? v : Double.POSITIVE_INFINITY;
        };
        double lo = 0;
        double hi = Math.min(limit, Math.abs(x - mean) / (sd * sd));
        double fHi = f.applyAsDouble(hi);
        for (int i = 0; i < 200 && fHi == Double.POSITIVE_INFINITY; i++) {
            hi /= 2; // beyond where L K is representable: start inside
            fHi = f.applyAsDouble(hi);
        }
        for (int i = 0; i < 60 && hi < limit; i++) {
            double next = Math.min(limit, 2 * hi);
            double fNext = f.applyAsDouble(next);
            if (!(fNext < fHi)) {
                hi = next;
                break;
            }
            lo = hi / 2;
            hi = next;
            fHi = fNext;
        }
        // Brent's method (parabolic steps, golden-section ones where a parabola is not trusted, as at +Infinity
        // right of the finite domain) from the best point of the doubling: about 22 evaluations of the CGF a side
        // with the doubling (174 sides of the quickstart and bounds-decided grids), where golden-section search
        // took 42 after it. Any theta gives a valid bound, so the least value seen is returned.
        double start = Math.max(lo, hi / 2); // hi >= 0, so hi / 2 lies in the bracket
        double[] least = {fHi};
        UnivariateFunction tracked = th -> {
            double v = f.applyAsDouble(th);
            least[0] = Math.min(least[0], v);
            return v;
        };
        try {
            new BrentOptimizer(THETA_RELATIVE_TOLERANCE, Double.MIN_NORMAL).optimize(new MaxEval(MAX_EVALUATIONS),
                    new UnivariateObjectiveFunction(tracked), GoalType.MINIMIZE, new SearchInterval(lo, hi, start));
        } catch (TooManyEvaluationsException e) {
            // keep the least value seen: still a bound
        }
        return Math.min(0, least[0]);
    }
}
