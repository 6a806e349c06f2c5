package resnetmc.rare;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import resnetmc.checks.CheckEvaluator;
import resnetmc.checks.CheckRow;
import resnetmc.checks.ExceedanceCount;
import resnetmc.model.Cell;
import resnetmc.stats.ClopperPearson;
import resnetmc.stats.Interval;
import resnetmc.stats.MeanInterval;
import resnetmc.theory.Bounds;
import resnetmc.theory.normlaw.ExactTail;

/**
 * Builds the {@code tails} table from the checks rows of the exceedance statements (Prop. 2, 3 (i), (ii),
 * Corollary 1 (iii)) that apply and are not vacuous: for each, the exact bracket (cells with an exact norm
 * law), the count, and an importance-sampling estimate per side of the region (cells the chain describes;
 * {@link TiltedChain}, target log r_fwd). The estimates are planned here ({@link #plan}) and computed by an
 * {@link Estimator} (serially here, spread over executors in the job: trials split anywhere give the same
 * numbers). The rare-event estimate never decides a checks verdict (see docs/checks.md): its interval is
 * asymptotic, so only the exact bracket and the Clopper-Pearson count, valid at every n, decide.
 */
public final class Tails {
    private static final double LN10 = StrictMath.log(10);

    private Tails() {
    }

    /**
     * The {@code checks.rare-event-trials} key: 0 (no rare-event rows) or at least 2 (an interval needs two).
     *
     * @throws resnetmc.config.BadInputException naming the key otherwise
     */
    public static int rareEventTrials(resnetmc.config.ConfigReader reader) {
        int n = reader.intAtLeast("checks.rare-event-trials", 0);
        if (n == 1) {
            throw new resnetmc.config.BadInputException("checks.rare-event-trials",
                    "needs 0 (none) or at least 2 trials for an interval, got 1");
        }
        return n;
    }

    /** One importance-sampling estimate to compute: a side of a checks row's region. */
    public record Estimation(Cell cell, TiltedChain.Target target, boolean upper, double logThreshold, double tilt,
                             int trials, long seed, int estimateId, double confidence) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** The log weights of trials {@code from .. to - 1} (see {@link TiltedChain#logWeights}). */
        public double[] logWeights(int from, int to) {
            return TiltedChain.of(cell).logWeights(target, upper, logThreshold, tilt, from, to, seed, cell.id(),
                    estimateId);
        }
    }

    /** Computes estimations, in order. */
    public interface Estimator {
        List<RareEstimate> estimate(List<Estimation> todo);
    }

    /** On this thread. */
    public static Estimator serial() {
        return todo -> {
            List<RareEstimate> out = new ArrayList<>();
            for (Estimation e : todo) {
                out.add(TiltedChain.combine(e.logWeights(0, e.trials()), e.tilt(), e.confidence()));
            }
            return out;
        };
    }

    private static boolean isExceedance(CheckRow r) {
        return r.applicable() && r.verdict() != resnetmc.checks.Verdict.VACUOUS && !Double.isNaN(r.delta())
                && (ExactTail.METHOD.equals(r.method()) || ExceedanceCount.METHOD.equals(r.method()));
    }

    private static double level(CheckRow r) {
        return Double.isNaN(r.rowConfidence()) ? r.familyConfidence() : r.rowConfidence();
    }

    /** log10 of the upper end (finite past 1e308 for Prop. 3 (ii)), NaN when there is none. */
    private static double log10High(CheckRow r, Cell cell) {
        if (Double.isNaN(r.boundHigh())) {
            return Double.NaN;
        }
        if (r.boundHigh() == Double.POSITIVE_INFINITY && r.statement().equals("prop3-ii")) {
            return Bounds.log10Prop3UpperBound(cell.alpha(), cell.depth(), cell.width(), r.delta());
        }
        return StrictMath.log10(r.boundHigh());
    }

    /** The estimations of every exceedance row of a chain cell, two ids per checks row (lower, upper side). */
    public static List<Estimation> plan(List<CheckRow> checks, List<Cell> cells, int trials, long seed) {
        List<Estimation> out = new ArrayList<>();
        if (trials < 2) {
            return out;
        }
        for (int i = 0; i < checks.size(); i++) {
            CheckRow r = checks.get(i);
            Cell cell = cells.get(r.cell());
            if (!isExceedance(r) || TiltedChain.unsupported(cell) != null) {
                continue;
            }
            TiltedChain chain = TiltedChain.of(cell);
            if (r.boundLow() > 0) {
                double x = StrictMath.log(r.boundLow());
                out.add(new Estimation(cell, TiltedChain.Target.LOG_R_FWD, false, x,
                        chain.tilt(TiltedChain.Target.LOG_R_FWD, false, x), trials, seed, 2 * i, level(r)));
            }
            double hi = log10High(r, cell);
            if (hi < Double.POSITIVE_INFINITY) {
                double x = hi * LN10;
                out.add(new Estimation(cell, TiltedChain.Target.LOG_R_FWD, true, x,
                        chain.tilt(TiltedChain.Target.LOG_R_FWD, true, x), trials, seed, 2 * i + 1, level(r)));
            }
        }
        return out;
    }

    /** The tails rows, checks row by checks row: exact, count, rare-event (those that exist). */
    public static List<TailRow> rows(List<CheckRow> checks, List<Cell> cells, List<Estimation> planned,
                                     List<RareEstimate> estimates) {
        List<TailRow> out = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < checks.size(); i++) {
            CheckRow r = checks.get(i);
            if (!isExceedance(r)) {
                continue;
            }
            Cell cell = cells.get(r.cell());
            boolean exactDecides = ExactTail.METHOD.equals(r.method());
            // exact
            double l10Bound = Double.NaN;
            // The checks' instance of the cell's law: the sides they minimised are not computed again.
            java.util.Optional<ExactTail> law = CheckEvaluator.exactLaw(cell);
            try {
                if (law.isPresent()) {
                    l10Bound = law.get().log10Outside(r.boundLow() > 0 ? r.boundLow() : Double.NaN,
                            log10High(r, cell));
                }
            } catch (RuntimeException e) {
                l10Bound = Double.NaN;
            }
            if (!Double.isNaN(l10Bound)) {
                out.add(new TailRow(r.cell(), r.statement(), r.delta(), r.boundLow(), r.boundHigh(), ExactTail.METHOD,
                        Double.NaN, 0, StrictMath.pow(10, l10Bound), Double.NaN, Double.NEGATIVE_INFINITY, l10Bound,
                        Double.NaN, 0, 0, Double.NaN, Double.NaN, exactDecides,
                        "upper bound on P(outside): Chernoff bounds on the exact norm-ratio law with "
                                + "(rho - 1)^2 <= r_fwd <= (rho + 1)^2" + (exactDecides ? ""
                                : "; above delta: does not decide")));
            }
            // count
            if (r.n() > 0 && r.exceedances() >= 0) {
                double conf = level(r);
                Interval cp = exactDecides ? ClopperPearson.of(r.exceedances(), r.n(), conf)
                        : new Interval(r.ciLow(), r.ciHigh());
                double p = (double) r.exceedances() / r.n();
                out.add(new TailRow(r.cell(), r.statement(), r.delta(), r.boundLow(), r.boundHigh(),
                        ExceedanceCount.METHOD, p, cp.low(), cp.high(), StrictMath.log10(p), StrictMath.log10(cp.low()),
                        StrictMath.log10(cp.high()), conf, r.n(), r.exceedances(), r.n(), Double.NaN, !exactDecides,
                        String.format(Locale.ROOT, "%d of %d trials outside, Clopper-Pearson at %s", r.exceedances(),
                                r.n(), conf)));
            }
            // rare-event: the planned sides of this row
            List<RareEstimate> sides = new ArrayList<>();
            while (next < planned.size() && planned.get(next).estimateId() / 2 == i) {
                sides.add(estimates.get(next++));
            }
            if (!sides.isEmpty()) {
                out.add(rareRow(r, sides, level(r)));
            }
        }
        return out;
    }

    /** The sum of the sides' estimates; the interval from the sum of their variances (independent streams). */
    private static TailRow rareRow(CheckRow r, List<RareEstimate> sides, double conf) {
        double scale = Double.NEGATIVE_INFINITY;
        for (RareEstimate e : sides) {
            scale = Math.max(scale, e.log10Estimate());
        }
        long n = 0;
        long hits = 0;
        double ess = 0;
        double tilt = 0;
        boolean interval = true;
        double mean = 0;
        double var = 0;
        double z = MeanInterval.z(conf);
        StringBuilder detail = new StringBuilder("importance sampling of the chain tilted toward the region's side(s)");
        for (RareEstimate e : sides) {
            n += e.n();
            hits += e.hits();
            ess += e.ess();
            tilt = Math.abs(e.tilt()) > Math.abs(tilt) ? e.tilt() : tilt;
            detail.append(String.format(Locale.ROOT, "; side %s: %d of %d trials in the event, log10 p = %.4f, ess %.1f,"
                    + " mu = %.4g", e.tilt() < 0 ? "below" : "above", e.hits(), e.n(), e.log10Estimate(), e.ess(),
                    e.tilt()));
            if (e.hits() == 0) {
                continue;
            }
            if (!e.hasInterval()) {
                interval = false;
                continue;
            }
            double m = StrictMath.pow(10, e.log10Estimate() - scale);
            double se = (StrictMath.pow(10, e.log10High() - scale) - m) / z;
            mean += m;
            var += se * se;
        }
        double l10 = scale == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : StrictMath.log10(mean) + scale;
        double l10Low = Double.NaN;
        double l10High = Double.NaN;
        if (interval && hits > 0) {
            double half = z * Math.sqrt(var);
            l10Low = mean - half > 0 ? StrictMath.log10(mean - half) + scale : Double.NEGATIVE_INFINITY;
            l10High = StrictMath.log10(mean + half) + scale;
        } else {
            detail.append("; no interval (fewer than two trials in an event)");
        }
        return new TailRow(r.cell(), r.statement(), r.delta(), r.boundLow(), r.boundHigh(), TailRow.RARE_EVENT,
                StrictMath.pow(10, l10), StrictMath.pow(10, l10Low), StrictMath.pow(10, l10High), l10, l10Low, l10High,
                conf, n, hits, ess, tilt, false, detail.toString());
    }
}
