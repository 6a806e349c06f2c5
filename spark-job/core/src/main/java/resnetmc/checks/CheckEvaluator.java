package resnetmc.checks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import resnetmc.model.Cell;
import resnetmc.stats.Summary;
import resnetmc.theory.Bounds;
import resnetmc.stats.ClopperPearson;
import resnetmc.theory.HypothesisConstants;
import resnetmc.stats.Interval;
import resnetmc.stats.MeanInterval;
import resnetmc.stats.WeightedSlope;

/**
 * Turns a run's cell results into the rows of the {@code checks} table: Lemma 1, Propositions 2 and
 * 3 (i), (ii) per cell and delta, and Corollary 1 per group of cells that differ only by depth
 * (Marion et al., arXiv 2206.06929; THEORY.md section 1).
 *
 * <p>A probability statement "with probability >= 1 - delta, r_fwd is in R" is checked by counting the
 * trials outside R and comparing the Clopper-Pearson interval of that fraction with delta
 * ({@link Verdict#ofExceedance}). Lemma 1 is a statement about E[r_fwd]: its normal interval is
 * compared with [lower, upper]. Comparisons of r_fwd with a bound are made on log10 r_fwd, which stays
 * finite where r_fwd overflows.
 *
 * <p>Multiplicity: a run makes m checks, and where a statement is tight (res-3 attains Lemma 1's lower
 * bound) a per-check interval at level c excludes the truth with probability up to (1 - c)/2, so some
 * correct statement of a large run would always come out "violated". "violated" is therefore declared
 * only when the interval at the Bonferroni level 1 - (1 - c)/m excludes the claim, which bounds the
 * probability of any false "violated" in the run by 1 - c; "holds" and the reported intervals use the
 * per-check level c.
 */
public final class CheckEvaluator {
    /** beta within this distance of 1/2 is the critical scaling of Corollary 1. */
    static final double CRITICAL_BETA_TOLERANCE = 1e-12;

    private final double[] deltas;
    private final double confidence;
    private final HypothesisConstants.CKind cKind;
    /** Level of the intervals behind a "violated" verdict; set by {@link #evaluate}. */
    private double familyConfidence;

    public CheckEvaluator(double[] deltas, double confidence, HypothesisConstants.CKind cKind) {
        this.deltas = deltas.clone();
        this.confidence = confidence;
        this.cKind = cKind;
        this.familyConfidence = confidence;
    }

    /** The Bonferroni level for m checks: 1 - (1 - confidence)/m. */
    static double bonferroni(double confidence, long m) {
        return 1.0 - (1.0 - confidence) / Math.max(1, m);
    }

    /** The level the run's "violated" verdicts use. */
    public double familyConfidence() {
        return familyConfidence;
    }

    /** All rows for a run: per-cell statements in cell order, then Corollary 1 per depth group. */
    public List<CheckRow> evaluate(List<CellResult> results) {
        Map<String, List<CellResult>> groups = new LinkedHashMap<>();
        for (CellResult r : results) {
            groups.computeIfAbsent(r.cell().depthGroupKey(), k -> new ArrayList<>()).add(r);
        }
        // m counts every row the run can produce, applicable or not: an upper bound keeps it conservative.
        long m = (long) results.size() * (1 + 3L * deltas.length) + (long) groups.size() * Math.max(1, deltas.length);
        familyConfidence = bonferroni(confidence, m);
        List<CheckRow> rows = new ArrayList<>();
        for (CellResult r : results) {
            rows.addAll(perCell(r));
        }
        for (List<CellResult> g : groups.values()) {
            g.sort(Comparator.comparingInt(r -> r.cell().depth()));
            rows.addAll(corollary1(g));
        }
        return rows;
    }

    List<CheckRow> perCell(CellResult r) {
        Cell cell = r.cell();
        double c = Oracles.hypothesisC(cell, cKind);
        double s = Oracles.hypothesisS(cell);
        double alpha = cell.alpha();
        int depth = cell.depth();
        int d = cell.width();
        String hyp = Oracles.hypothesis2Failure(cell);
        List<CheckRow> rows = new ArrayList<>();

        // Lemma 1: (1 + alpha^2/2)^L - 1 <= E r_fwd <= (1 + alpha^2)^L - 1.
        double lo = Bounds.lemma1Lower(alpha, depth);
        double hi = Bounds.lemma1Upper(alpha, depth);
        Summary m = r.rFwd();
        if (hyp != null) {
            rows.add(notApplicable(r.index(), "lemma1", Double.NaN, hyp, lo, hi, m.n(), c, s));
        } else {
            Verdict v;
            String detail = "mean of r_fwd with its normal " + confidence + " interval against [lower, upper]";
            double skew = meanSkewness(r.log10RFwdSummary().sd(), m.n());
            if (m.n() < 2 || !Double.isFinite(m.mean()) || !Double.isFinite(m.sd())) {
                v = Verdict.INCONCLUSIVE;
                detail += "; the mean is not representable (n < 2 or overflow)";
            } else if (!(skew <= 1.0)) {
                v = Verdict.INCONCLUSIVE;
                detail += String.format(java.util.Locale.ROOT, "; heavy tails: with sd(ln r_fwd) = %.2f the sample "
                        + "mean of %d trials has skewness %.3g under a lognormal fit, so its normal interval is not "
                        + "reliable", r.log10RFwdSummary().sd() * Math.log(10), m.n(), skew);
            } else if (violatesMean(m, lo, hi)) {
                v = Verdict.VIOLATED;
            } else if (m.ciLow() <= lo && m.ciHigh() >= hi) {
                v = Verdict.INCONCLUSIVE;
                detail += "; the interval covers both bounds";
            } else {
                v = Verdict.HOLDS;
            }
            rows.add(new CheckRow(r.index(), "lemma1", Double.NaN, null, lo, hi, m.mean(), m.ciLow(), m.ciHigh(), -1,
                    m.n(), v, c, s, detail));
        }

        for (double delta : deltas) {
            // Prop. 2: if L alpha^2 <= 1, r_fwd <= 2 L alpha^2 / delta with probability >= 1 - delta.
            double b2 = Bounds.prop2Bound(alpha, depth, delta);
            Optional<String> p2 = hyp != null ? Optional.of(hyp) : Bounds.prop2Precondition(alpha, depth);
            rows.add(p2.isPresent()
                    ? notApplicable(r.index(), "prop2", delta, p2.get(), Double.NaN, b2, m.n(), c, s)
                    : exceedance(r, "prop2", delta, Double.NaN, b2, c, s, "trials with r_fwd > bound"));

            // Prop. 3 (i): r_fwd > exp(3 L alpha^2/8 - sqrt(11 L alpha^2/(d delta))) - 1.
            double b3i = Bounds.prop3LowerBound(alpha, depth, d, delta);
            Optional<String> p3i = hyp != null ? Optional.of(hyp) : Bounds.prop3iPrecondition(alpha, depth, d, c, s, delta);
            rows.add(p3i.isPresent()
                    ? notApplicable(r.index(), "prop3-i", delta, p3i.get(), b3i, Double.NaN, m.n(), c, s)
                    : exceedance(r, "prop3-i", delta, b3i, Double.NaN, c, s, "trials with r_fwd <= bound"));

            // Prop. 3 (ii): r_fwd < exp(L alpha^2 + sqrt(5 L alpha^2/(d delta))) + 1.
            double b3ii = Bounds.prop3UpperBound(alpha, depth, d, delta);
            Optional<String> p3ii = hyp != null ? Optional.of(hyp) : Bounds.prop3iiPrecondition(alpha, d, c, s);
            rows.add(p3ii.isPresent()
                    ? notApplicable(r.index(), "prop3-ii", delta, p3ii.get(), Double.NaN, b3ii, m.n(), c, s)
                    : exceedance(r, "prop3-ii", delta, Double.NaN, b3ii, c, s, "trials with r_fwd >= bound"));
        }
        return rows;
    }

    /**
     * Corollary 1 for one group of cells differing only by depth, sorted by depth. beta > 1/2: r_fwd -> 0
     * in probability; beta < 1/2 (d >= 9): r_fwd -> infinity. Both are checked by the sign of the
     * weighted least-squares slope of the per-depth mean of log10 r_fwd against log10 L (weights from
     * their standard errors). beta = 1/2: at the deepest L, r_fwd lies in
     * [exp(3/8 - sqrt(22/(d delta))) - 1, exp(1 + sqrt(10/(d delta))) + 1] with probability >= 1 - delta.
     */
    List<CheckRow> corollary1(List<CellResult> group) {
        CellResult deepest = group.get(group.size() - 1);
        Cell cell = deepest.cell();
        double c = Oracles.hypothesisC(cell, cKind);
        double s = Oracles.hypothesisS(cell);
        long n = deepest.rFwd().n();
        String hyp = Oracles.hypothesis2Failure(cell);
        if (!cell.hasBeta()) {
            return List.of(notApplicable(deepest.index(), "cor1", Double.NaN, "needs alpha = L^-beta (grid.beta)",
                    Double.NaN, Double.NaN, n, c, s));
        }
        double beta = cell.beta();
        if (Math.abs(beta - 0.5) <= CRITICAL_BETA_TOLERANCE) {
            List<CheckRow> rows = new ArrayList<>();
            for (double delta : deltas) {
                double lo = Bounds.cor1Lower(cell.width(), delta);
                double hi = Bounds.cor1Upper(cell.width(), delta);
                Optional<String> pre = hyp != null ? Optional.of(hyp)
                        : Bounds.cor1Precondition(cell.depth(), cell.width(), c, s, delta);
                rows.add(pre.isPresent()
                        ? notApplicable(deepest.index(), "cor1", delta, pre.get(), lo, hi, n, c, s)
                        : exceedance(deepest, "cor1", delta, lo, hi, c, s,
                                "beta = 1/2 at the deepest L: trials with r_fwd outside [lower, upper]"));
            }
            return rows;
        }
        String pre = hyp;
        if (pre == null && group.size() < 2) {
            pre = "needs at least two depths in the grid";
        }
        if (pre == null && beta < 0.5 && cell.width() < 9) {
            pre = "d = " + cell.width() + " < 9";
        }
        if (pre != null) {
            return List.of(notApplicable(deepest.index(), "cor1", Double.NaN, pre, Double.NaN, Double.NaN, n, c, s));
        }
        double[] x = new double[group.size()];
        double[] y = new double[group.size()];
        double[] se = new double[group.size()];
        StringBuilder depths = new StringBuilder();
        for (int i = 0; i < group.size(); i++) {
            Summary l = group.get(i).log10RFwdSummary();
            x[i] = StrictMath.log10(group.get(i).cell().depth());
            y[i] = l.mean();
            se[i] = l.sd() / Math.sqrt(l.n());
            depths.append(i == 0 ? "" : ",").append(group.get(i).cell().depth());
        }
        String detail = "slope of mean log10 r_fwd against log10 L over L = " + depths
                + (beta > 0.5 ? "; beta > 1/2 predicts < 0" : "; beta < 1/2 predicts > 0");
        WeightedSlope.Estimate fit;
        try {
            fit = WeightedSlope.fit(x, y, se);
        } catch (IllegalArgumentException e) {
            return List.of(new CheckRow(deepest.index(), "cor1", Double.NaN, null, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, -1, n, Verdict.INCONCLUSIVE, c, s, detail + "; " + e.getMessage()));
        }
        double z = MeanInterval.z(confidence);
        double low = fit.slope() - z * fit.standardError();
        double high = fit.slope() + z * fit.standardError();
        double sign = beta > 0.5 ? -1 : 1;
        double zFamily = MeanInterval.z(familyConfidence);
        Verdict v;
        if (!(Double.isFinite(low) && Double.isFinite(high))) {
            v = Verdict.INCONCLUSIVE;
        } else if (sign * low > 0 && sign * high > 0) {
            v = Verdict.HOLDS;
        } else if (sign * fit.slope() + zFamily * fit.standardError() < 0) {
            v = Verdict.VIOLATED;
        } else {
            v = Verdict.INCONCLUSIVE;
        }
        return List.of(new CheckRow(deepest.index(), "cor1", Double.NaN, null, Double.NaN, Double.NaN, fit.slope(), low,
                high, -1, n, v, c, s, detail));
    }

    /**
     * Skewness of the mean of n lognormal samples whose log has standard deviation sigma = sd10 ln 10:
     * (e^{sigma^2} + 2) sqrt(e^{sigma^2} - 1) / sqrt(n). Lemma 1 is judged on a normal interval of the
     * mean only when this is at most 1; beyond, E r_fwd is carried by trials too rare to have been drawn
     * (at beta = 0.05, L = 1000 the sample mean of 60 trials sat 10x below the lemma's lower bound).
     */
    static double meanSkewness(double sd10, long n) {
        double s2 = Math.pow(sd10 * Math.log(10), 2);
        if (s2 > 700) {
            return Double.POSITIVE_INFINITY;
        }
        double e = Math.exp(s2);
        return (e + 2) * Math.sqrt(e - 1) / Math.sqrt(n);
    }

    /** The mean's interval at the family level lies entirely outside [lo, hi]. */
    private boolean violatesMean(Summary m, double lo, double hi) {
        Interval wide = MeanInterval.normal(m.mean(), m.sd(), m.n(), familyConfidence);
        return wide.high() < lo || wide.low() > hi;
    }

    /** Counts the trials whose r_fwd is outside (boundLow, boundHigh) and judges "P(outside) <= delta". */
    private CheckRow exceedance(CellResult r, String statement, double delta, double boundLow, double boundHigh,
                                double c, double s, String detail) {
        double l10Low = Double.isNaN(boundLow) ? Double.NaN : log10Bound(boundLow);
        double l10High = Double.isNaN(boundHigh) ? Double.NaN : log10Bound(boundHigh);
        long k = 0;
        long n = 0;
        for (double x : r.log10RFwd()) {
            if (Double.isNaN(x)) {
                continue; // an overflowed trial (tanh only) is counted in cells.n_nonfinite, not here
            }
            n++;
            // Prop. 2 and the bounds of Prop. 3 (ii) and Cor. 1 are strict on one side or the other;
            // ties have probability zero and are counted as outside.
            boolean outside = (!Double.isNaN(l10Low) && x <= l10Low) || (!Double.isNaN(l10High)
                    && (statement.equals("prop2") ? x > l10High : x >= l10High));
            if (outside) {
                k++;
            }
        }
        if (n == 0) {
            return new CheckRow(r.index(), statement, delta, null, boundLow, boundHigh, Double.NaN, Double.NaN,
                    Double.NaN, 0, 0, Verdict.INCONCLUSIVE, c, s, detail + "; no finite trial");
        }
        Interval ci = ClopperPearson.of(k, n, confidence);
        double familyLow = ClopperPearson.of(k, n, familyConfidence).low();
        return new CheckRow(r.index(), statement, delta, null, boundLow, boundHigh, (double) k / n, ci.low(), ci.high(),
                k, n, Verdict.ofExceedance(familyLow, ci.high(), delta), c, s,
                detail + "; Clopper-Pearson " + confidence + " interval of their fraction against delta");
    }

    /** log10 of a bound on r_fwd; a bound <= 0 (a vacuous lower bound) maps to -infinity. */
    private static double log10Bound(double b) {
        return b > 0 ? StrictMath.log10(b) : Double.NEGATIVE_INFINITY;
    }

    private static CheckRow notApplicable(int cell, String statement, double delta, String why, double boundLow,
                                          double boundHigh, long n, double c, double s) {
        return new CheckRow(cell, statement, delta, why, boundLow, boundHigh, Double.NaN, Double.NaN, Double.NaN, -1, n,
                Verdict.NOT_APPLICABLE, c, s, "precondition fails: " + why);
    }
}
