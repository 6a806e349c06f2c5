package resnetmc.checks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import resnetmc.model.Cell;
import resnetmc.model.Scaling;
import resnetmc.theory.normlaw.ExactTail;
import resnetmc.stats.CellSample;
import resnetmc.stats.Interval;
import resnetmc.stats.LogMoments;
import resnetmc.stats.MeanInterval;
import resnetmc.stats.Summary;
import resnetmc.stats.WeightedSlope;
import resnetmc.theory.Bounds;
import resnetmc.theory.HypothesisConstants;

/**
 * Turns a run's cell results into the rows of the {@code checks} table: Lemma 1, Propositions 2 and
 * 3 (i), (ii) per cell and delta, and Corollary 1 per group of cells that differ only by depth
 * (Marion et al., arXiv 2206.06929; THEORY.md sections 1 and 7).
 *
 * <p>Implementation overview. The rows are planned first: a row whose precondition fails is
 * {@code not-applicable}, an exceedance row whose bounds exclude nothing is {@code vacuous}; neither
 * depends on the trials. The m remaining rows share the family error a = 1 - familyConfidence by
 * Bonferroni: each row's interval is taken at level 1 - a/m, so the probability that any row of the
 * table says a false {@code holds} or a false {@code violated} is at most a (each row's false verdicts
 * need the truth outside its interval). Then every row is judged:
 * <ul>
 * <li>Lemma 1 (a mean): {@link MeanEquivalence}, an equivalence test with the tolerance of the settings,
 *     on the log-domain moments of r_fwd.</li>
 * <li>Prop. 2, 3 and Corollary 1 (iii) (exceedance): {@link ExceedanceCount}, the count of trials outside
 *     the claimed region with its Clopper-Pearson interval, compared on log10 r_fwd (finite where r_fwd
 *     overflows); a side whose bound is &lt;= 0 (lower) or infinite (upper) checks nothing and the row's
 *     detail says so. Each carries its {@link Slack}.</li>
 * <li>Before counting, an exceedance row of a cell whose norm ratio has an exact law (Gaussian i.i.d. weights,
 *     res-3, res-2 ReLU/identity, res-1 identity) is bracketed exactly ({@link ExactTail}): when the whole
 *     upper bound of P(outside) (Chernoff on the law) is at most delta the row holds with no sampling error
 *     ({@code method = exact}) and is left out of m, the Bonferroni divisor of the rows decided from samples.
 *     Whether a row is exact depends on the cell and the bounds only, never on the trials.</li>
 * <li>Corollary 1 for beta != 1/2 (a trend): the sign of the weighted least-squares slope of the mean
 *     of log10 r_fwd against log10 L, its normal interval at the row level.</li>
 * </ul>
 */
public final class CheckEvaluator {
    /** beta within this distance of 1/2 is the critical scaling of Corollary 1. */
    static final double CRITICAL_BETA_TOLERANCE = 1e-12;

    private final CheckSettings settings;
    /** Whether rows may be decided by the exact norm law (false: every exceedance row counts). */
    private final boolean exact;
    /** The rounds of {@code trials = auto}, null for a fixed trial count. */
    private final TrialRounds rounds;
    /** Set by {@link #evaluate}. */
    private double rowConfidence = Double.NaN;
    private int decidingRows;

    public CheckEvaluator(CheckSettings settings) {
        this(settings, null, true);
    }

    /**
     * For {@code trials = auto}: every cell's trial count must be the end of a round of {@code rounds},
     * and each deciding row's interval is taken at the share of its error spent at that round
     * ({@link TrialRounds}), so the verdicts keep the family level whenever the cells stopped.
     */
    public CheckEvaluator(CheckSettings settings, TrialRounds rounds) {
        this(settings, rounds, true);
    }

    private CheckEvaluator(CheckSettings settings, TrialRounds rounds, boolean exact) {
        this.settings = settings;
        this.rounds = rounds;
        this.exact = exact;
    }

    /**
     * The same settings with every exceedance row decided by counting, never by the exact law: the count
     * procedure alone (tests on synthetic samples, and its error rate measured on cells whose truth is known).
     */
    public CheckEvaluator countingOnly() {
        return new CheckEvaluator(settings, rounds, false);
    }

    /**
     * With the default tolerance and minimum sample of {@link CheckSettings#of}.
     *
     * @param familyConfidence 1 - the error rate of the whole table
     */
    public CheckEvaluator(double[] deltas, double familyConfidence, HypothesisConstants.CKind cKind) {
        this(CheckSettings.of(deltas, familyConfidence, cKind));
    }

    /** The Bonferroni level for m rows: 1 - (1 - confidence)/m. */
    static double bonferroni(double confidence, long m) {
        return 1.0 - (1.0 - confidence) / Math.max(1, m);
    }

    public CheckSettings settings() {
        return settings;
    }

    /** The rounds of {@code trials = auto}, null for a fixed trial count. */
    public TrialRounds rounds() {
        return rounds;
    }

    /** 1 - the error rate of the whole table. */
    public double familyConfidence() {
        return settings.familyConfidence();
    }

    /** The level of each deciding row's interval in the last {@link #evaluate}, NaN before. */
    public double rowConfidence() {
        return rowConfidence;
    }

    /** m: the rows of the last {@link #evaluate} that can decide (the Bonferroni divisor). */
    public int decidingRows() {
        return decidingRows;
    }

    /**
     * The log10 bounds every count row of {@code cell} may compare log10 r_fwd with (as a cell or as the
     * deepest of a Corollary 1 group), for a bounded-memory sample ({@link resnetmc.stats.BlockedSample})
     * built before the checks are evaluated: its counts against exactly these values are exact.
     */
    public double[] countThresholds(Cell cell) {
        CellResult stub = new CellResult(-1, cell, null, null, null, null, null, null);
        List<Plan> plans = new ArrayList<>(planCell(stub));
        plans.addAll(planCorollary(List.of(stub)));
        List<Double> out = new ArrayList<>();
        for (Plan p : plans) {
            if (p.kind() == Kind.COUNT && p.decides()) {
                if (p.lowSide()) {
                    out.add(StrictMath.log10(p.boundLow()));
                }
                if (p.highSide()) {
                    out.add(p.log10High());
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    // ---------------------------------------------------------------- planning

    private enum Kind { MEAN, COUNT, SLOPE, NONE }

    /** A row before its trials are looked at. */
    private record Plan(CellResult r, List<CellResult> group, String statement, double delta, String precondition,
                        double boundLow, double boundHigh, double log10High, Kind kind, double c, double s,
                        String what) {
        Plan(CellResult r, List<CellResult> group, String statement, double delta, String precondition,
             double boundLow, double boundHigh, Kind kind, double c, double s, String what) {
            this(r, group, statement, delta, precondition, boundLow, boundHigh, StrictMath.log10(boundHigh), kind, c, s,
                    what);
        }

        boolean lowSide() {
            return boundLow > 0; // NaN: no bound; <= 0: vacuous on r_fwd >= 0
        }

        boolean highSide() {
            return log10High < Double.POSITIVE_INFINITY; // NaN: no bound
        }

        boolean decides() {
            return precondition == null && (kind != Kind.COUNT || lowSide() || highSide());
        }
    }

    /** All rows for a run: per-cell statements in cell order, then Corollary 1 per depth group. */
    public List<CheckRow> evaluate(List<CellResult> results) {
        Map<String, List<CellResult>> groups = new LinkedHashMap<>();
        for (CellResult r : results) {
            groups.computeIfAbsent(r.cell().depthGroupKey(), k -> new ArrayList<>()).add(r);
        }
        List<Plan> plans = new ArrayList<>();
        for (CellResult r : results) {
            plans.addAll(planCell(r));
        }
        for (List<CellResult> g : groups.values()) {
            List<CellResult> sorted = new ArrayList<>(g);
            sorted.sort(Comparator.comparingInt(r -> r.cell().depth()));
            plans.addAll(planCorollary(sorted));
        }
        Map<Plan, Interval> exact = this.exact ? exactDecisions(plans) : Map.of();
        decidingRows = (int) plans.stream().filter(p -> p.decides() && !exact.containsKey(p)).count();
        rowConfidence = bonferroni(settings.familyConfidence(), decidingRows);
        List<CheckRow> rows = new ArrayList<>(plans.size());
        for (Plan p : plans) {
            Interval bracket = exact.get(p);
            rows.add(bracket == null ? judge(p) : exactRow(p, bracket));
        }
        return rows;
    }

    /**
     * The exceedance rows the exact norm law decides, with their brackets of P(outside). The cells are bounded in
     * parallel on the common pool (each law is immutable and its memo concurrent; a cell's rows in order, so a side
     * is minimised once): the brackets do not depend on the order, and on the driver of a local run the cores are
     * idle by then.
     */
    private static Map<Plan, Interval> exactDecisions(List<Plan> plans) {
        Map<CellResult, List<Plan>> byCell = new IdentityHashMap<>();
        for (Plan p : plans) {
            if (p.decides() && p.kind() == Kind.COUNT) {
                byCell.computeIfAbsent(p.r(), r -> new ArrayList<>()).add(p);
            }
        }
        Map<Plan, Interval> decided = java.util.Collections.synchronizedMap(new IdentityHashMap<>());
        byCell.values().parallelStream().forEach(rows -> {
            Optional<ExactTail> law = exactLaw(rows.get(0).r().cell());
            if (law.isEmpty()) {
                return;
            }
            for (Plan p : rows) {
                Interval b = bracket(law.get(), p);
                if (b != null && b.high() <= p.delta()) { // an upper bound only: exact rows can only hold
                    decided.put(p, b);
                }
            }
        });
        return decided;
    }

    /**
     * The exact tails of a cell as the checks use them (one instance per cell, kept while the cache has
     * room): the {@code tails} rows ask the same instance, which keeps the sides it has minimised.
     */
    public static Optional<ExactTail> exactLaw(Cell cell) {
        return LAWS.size() < EXACT_CACHE
                ? LAWS.computeIfAbsent(cell.key() + "|" + cell.alpha(), k -> exactTail(cell))
                : exactTail(cell);
    }

    /** The exact tails of a cell, empty when it has none or the law fails to evaluate (the row then counts). */
    static Optional<ExactTail> exactTail(Cell cell) {
        try {
            return Optional.ofNullable(ExactTail.of(cell));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Exact decisions are a function of the cell, the statement and delta only (deterministic): kept across
     * evaluations (the error-rate tests evaluate the same cells many times), at most {@link #EXACT_CACHE} entries.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, Optional<Interval>> EXACT =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int EXACT_CACHE = 100_000;
    private static final java.util.concurrent.ConcurrentHashMap<String, Optional<ExactTail>> LAWS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Empties the caches of exact laws and decisions (test hook: a mutation tool redefines this class in one JVM
     * without resetting its statics, so the tests of the exact path clear them first to run the code that fills
     * them). Results are the same with or without the caches, which only save recomputing deterministic values.
     */
    static void clearExactCaches() {
        EXACT.clear();
        LAWS.clear();
    }

    private static Interval bracket(ExactTail law, Plan p) {
        String key = p.r().cell().key() + "|" + p.r().cell().alpha() + "|" + p.statement() + "|" + p.delta() + "|"
                + p.boundLow() + "|" + p.log10High();
        Optional<Interval> cached = EXACT.get(key);
        if (cached != null) {
            return cached.orElse(null);
        }
        Interval b;
        try {
            double l10 = law.log10Outside(p.lowSide() ? p.boundLow() : Double.NaN,
                    p.highSide() ? p.log10High() : Double.NaN, p.delta());
            b = new Interval(0, StrictMath.pow(10, l10));
        } catch (RuntimeException e) {
            b = null;
        }
        if (EXACT.size() < EXACT_CACHE) {
            EXACT.put(key, Optional.ofNullable(b));
        }
        return b;
    }

    /** An exceedance row decided by the exact bracket; the count of the trials is kept for reference. */
    private CheckRow exactRow(Plan p, Interval bracket) {
        CheckRow c = count(p);
        String detail = c.detail() + String.format(Locale.ROOT, " (for reference only); decided exactly: P(outside) <= %.6g "
                + "(Chernoff bound on the exact norm-ratio law, with (rho - 1)^2 <= r_fwd <= (rho + 1)^2), no sampling "
                + "error, not in the Bonferroni divisor", bracket.high());
        return new CheckRow(c.cell(), c.statement(), c.delta(), null, c.boundLow(), c.boundHigh(), c.statistic(),
                bracket.low(), bracket.high(), c.exceedances(), c.n(),
                Verdict.ofExceedance(bracket.low(), bracket.high(), p.delta()), c.hypC(), c.hypS(), detail,
                ExactTail.METHOD, Double.NaN, settings.familyConfidence(), Double.NaN, c.slack());
    }

    private List<Plan> planCell(CellResult r) {
        Cell cell = r.cell();
        double c = Oracles.hypothesisC(cell, settings.cKind());
        double s = Oracles.hypothesisS(cell);
        double alpha = cell.alpha();
        int depth = cell.depth();
        int d = cell.width();
        String hyp = Oracles.hypothesis2Failure(cell);
        List<Plan> plans = new ArrayList<>();
        // Lemma 1: (1 + alpha^2/2)^L - 1 <= E r_fwd <= (1 + alpha^2)^L - 1.
        plans.add(new Plan(r, null, "lemma1", Double.NaN, hyp, Bounds.lemma1Lower(alpha, depth),
                Bounds.lemma1Upper(alpha, depth), Kind.MEAN, c, s, "mean of r_fwd"));
        for (double delta : settings.deltas()) {
            // Prop. 2: if L alpha^2 <= 1, r_fwd <= 2 L alpha^2 / delta with probability >= 1 - delta.
            Optional<String> p2 = hyp != null ? Optional.of(hyp) : Bounds.prop2Precondition(alpha, depth);
            plans.add(new Plan(r, null, "prop2", delta, p2.orElse(null), Double.NaN,
                    Bounds.prop2Bound(alpha, depth, delta), Kind.COUNT, c, s, "trials with r_fwd > bound"));
            // Prop. 3 (i): r_fwd > exp(3 L alpha^2/8 - sqrt(11 L alpha^2/(d delta))) - 1.
            Optional<String> p3i = hyp != null ? Optional.of(hyp)
                    : Bounds.prop3iPrecondition(alpha, depth, d, c, s, delta);
            plans.add(new Plan(r, null, "prop3-i", delta, p3i.orElse(null), Bounds.prop3LowerBound(alpha, depth, d, delta),
                    Double.NaN, Kind.COUNT, c, s, "trials with r_fwd <= bound"));
            // Prop. 3 (ii): r_fwd < exp(L alpha^2 + sqrt(5 L alpha^2/(d delta))) + 1.
            Optional<String> p3ii = hyp != null ? Optional.of(hyp) : Bounds.prop3iiPrecondition(alpha, d, c, s);
            // Its bound passes 1e308 when L alpha^2 > 709 (beta < 1/2): compared in log10, it still checks.
            plans.add(new Plan(r, null, "prop3-ii", delta, p3ii.orElse(null), Double.NaN,
                    Bounds.prop3UpperBound(alpha, depth, d, delta), Bounds.log10Prop3UpperBound(alpha, depth, d, delta),
                    Kind.COUNT, c, s, "trials with r_fwd >= bound"));
        }
        return plans;
    }

    /**
     * Corollary 1 for one group of cells differing only by depth, sorted by depth. beta > 1/2: r_fwd -> 0
     * in probability; beta < 1/2 (d >= 9): r_fwd -> infinity; both judged by the sign of the slope of the
     * mean of log10 r_fwd against log10 L. beta = 1/2: at the deepest L, r_fwd lies in
     * [exp(3/8 - sqrt(22/(d delta))) - 1, exp(1 + sqrt(10/(d delta))) + 1] with probability >= 1 - delta.
     */
    private List<Plan> planCorollary(List<CellResult> group) {
        CellResult deepest = group.get(group.size() - 1);
        Cell cell = deepest.cell();
        double c = Oracles.hypothesisC(cell, settings.cKind());
        double s = Oracles.hypothesisS(cell);
        String hyp = Oracles.hypothesis2Failure(cell);
        if (!(cell.scaling() instanceof Scaling.Beta scaling)) {
            return List.of(new Plan(deepest, group, "cor1", Double.NaN, "needs alpha = L^-beta (grid.beta)",
                    Double.NaN, Double.NaN, Kind.NONE, c, s, ""));
        }
        double beta = scaling.beta();
        if (Math.abs(beta - 0.5) <= CRITICAL_BETA_TOLERANCE) {
            List<Plan> plans = new ArrayList<>();
            for (double delta : settings.deltas()) {
                Optional<String> pre = hyp != null ? Optional.of(hyp)
                        : Bounds.cor1Precondition(cell.depth(), cell.width(), c, s, delta);
                plans.add(new Plan(deepest, group, "cor1", delta, pre.orElse(null), Bounds.cor1Lower(cell.width(), delta),
                        Bounds.cor1Upper(cell.width(), delta), Kind.COUNT, c, s,
                        "beta = 1/2 at the deepest L: trials with r_fwd outside (lower, upper)"));
            }
            return plans;
        }
        String pre = hyp;
        if (pre == null && group.size() < 2) {
            pre = "needs at least two depths in the grid";
        }
        if (pre == null && beta < 0.5 && cell.width() < 9) {
            pre = "d = " + cell.width() + " < 9";
        }
        return List.of(new Plan(deepest, group, "cor1", Double.NaN, pre, Double.NaN, Double.NaN, Kind.SLOPE, c, s,
                beta > 0.5 ? "beta > 1/2 predicts a slope < 0" : "beta < 1/2 predicts a slope > 0"));
    }

    // ---------------------------------------------------------------- judging

    private CheckRow judge(Plan p) {
        long n = p.r().log10RFwd().n();
        if (p.precondition() != null) {
            return new CheckRow(p.r().index(), p.statement(), p.delta(), p.precondition(), p.boundLow(), p.boundHigh(),
                    Double.NaN, Double.NaN, Double.NaN, -1, n, Verdict.NOT_APPLICABLE, p.c(), p.s(),
                    "precondition fails: " + p.precondition(), null, Double.NaN, settings.familyConfidence(),
                    Double.NaN, null);
        }
        return switch (p.kind()) {
            case MEAN -> mean(p);
            case COUNT -> count(p);
            case SLOPE -> slope(p);
            case NONE -> throw new IllegalStateException("a row without a procedure must have a failing precondition");
        };
    }

    /**
     * The level of a deciding row's interval: the Bonferroni row level, or under {@code trials = auto}
     * its share spent at the round where the row's cell (each cell of a slope) stopped.
     */
    private double level(Plan p) {
        if (rounds == null) {
            return rowConfidence;
        }
        double share = 1;
        for (CellResult r : p.kind() == Kind.SLOPE ? p.group() : List.of(p.r())) {
            long n = r.log10RFwd().n();
            int k = rounds.roundOf(n);
            if (k < 0) {
                throw new IllegalStateException("cell " + r.index() + " has " + n + " trials, not the end of a round of "
                        + rounds);
            }
            share *= TrialRounds.share(k);
        }
        return TrialRounds.level(rowConfidence, share);
    }

    /** How the level was chosen, for a row's detail. */
    private String levelNote(double level) {
        return rounds == null ? "" : "; trials = auto: level " + level + ", the row's error " + (1 - rowConfidence)
                + " spent over rounds of " + rounds.min() + " doubling to " + rounds.max() + " (2^-(k+1) at round k)";
    }

    private CheckRow mean(Plan p) {
        double level = level(p);
        Cell cell = p.r().cell();
        LogMoments m = p.r().log10RFwd().logMoments(); // trial (block) order: bit-identical sums
        double l10Lo = Bounds.log10ExactMean(0.5, cell.alpha(), cell.depth());
        double l10Hi = Bounds.log10ExactMean(1.0, cell.alpha(), cell.depth());
        MeanEquivalence.Outcome o = MeanEquivalence.judge(m, l10Lo, l10Hi, settings.tolerance(), level,
                settings.meanMinTrials());
        double mean = StrictMath.pow(10.0, o.log10Mean());
        String detail = String.format(Locale.ROOT, "mean of r_fwd over %d trials (log-domain), Student t interval "
                + "at %s against [lower (1 - tol), upper (1 + tol)], tol = %s: %s", m.n() + m.nonFinite(),
                Double.isNaN(o.confidence()) ? "no level (none valid)" : "two-sided " + o.confidence()
                        + " (half the row's error: skewness allowance)", settings.tolerance(), o.reason());
        if (Double.isInfinite(mean) && !Double.isNaN(o.log10Mean())) {
            detail += String.format(Locale.ROOT, "; beyond double range: log10 mean = %.6g, log10 interval [%.6g, %.6g],"
                    + " log10 bounds [%.6g, %.6g]", o.log10Mean(), o.log10Low(), o.log10High(), l10Lo, l10Hi);
        }
        detail += levelNote(level);
        return new CheckRow(p.r().index(), "lemma1", Double.NaN, null, p.boundLow(), p.boundHigh(), mean,
                StrictMath.pow(10.0, o.log10Low()), StrictMath.pow(10.0, o.log10High()), -1, m.n() + m.nonFinite(),
                o.verdict(), p.c(), p.s(), detail, MeanEquivalence.METHOD, settings.tolerance(),
                settings.familyConfidence(), level, null);
    }

    private CheckRow count(Plan p) {
        boolean lowSide = p.lowSide();
        boolean highSide = p.highSide();
        StringBuilder detail = new StringBuilder(p.what());
        if (!Double.isNaN(p.boundLow()) && !lowSide) {
            detail.append("; the lower bound ").append(fmt(p.boundLow()))
                    .append(" <= 0 is vacuous (r_fwd >= 0): that side checks nothing");
        }
        if (!Double.isNaN(p.boundHigh()) && !highSide) {
            detail.append("; the upper bound is infinite: that side checks nothing");
        } else if (p.boundHigh() == Double.POSITIVE_INFINITY) {
            detail.append(String.format(Locale.ROOT, "; the upper bound is beyond double range, compared in log10: %.6g",
                    p.log10High()));
        }
        long n = p.r().log10RFwd().n();
        if (!lowSide && !highSide) {
            return new CheckRow(p.r().index(), p.statement(), p.delta(), null, p.boundLow(), p.boundHigh(), Double.NaN,
                    Double.NaN, Double.NaN, -1, n, Verdict.VACUOUS, p.c(), p.s(),
                    detail.append("; no side left: the statement excludes nothing").toString(), null, Double.NaN,
                    settings.familyConfidence(), Double.NaN, null);
        }
        double level = level(p);
        double l10Low = lowSide ? StrictMath.log10(p.boundLow()) : Double.NaN;
        double l10High = highSide ? p.log10High() : Double.NaN;
        // Prop. 2's bound is "<=", the others are strict: a tie with the bound counts as outside for them.
        boolean strictHigh = !p.statement().equals("prop2");
        CellSample sample = p.r().log10RFwd();
        long outside = sample.outside(l10Low, l10High, strictHigh);
        long unknown = sample.unknown();
        ExceedanceCount.Outcome o = ExceedanceCount.judge(outside, unknown, n, p.delta(), level);
        detail.append("; Clopper-Pearson interval of their fraction at ").append(level).append(" against delta")
                .append(levelNote(level));
        if (sample.quantileLog10Error() > 0) {
            detail.append(String.format(Locale.ROOT, "; bounded-memory sample: exact count, slack quantile within "
                    + "%.3g in log10 (its interval widened to the sketch's buckets)", sample.quantileLog10Error()));
        }
        if (unknown > 0) {
            detail.append("; ").append(unknown).append(" trials with no finite value counted on both sides");
        }
        Slack slack = null;
        if (n > 0) {
            Slack hi = highSide ? Slack.upper(sample.quantile(1 - p.delta(), level), l10High, p.delta(), level) : null;
            Slack lo = lowSide ? Slack.lower(sample.quantile(p.delta(), level), l10Low, p.delta(), level) : null;
            slack = hi == null ? lo : lo == null ? hi : (lo.slack() < hi.slack() ? lo : hi);
        }
        double low = o.interval() == null ? Double.NaN : o.interval().low();
        double high = o.interval() == null ? Double.NaN : o.interval().high();
        return new CheckRow(p.r().index(), p.statement(), p.delta(), null, p.boundLow(), p.boundHigh(),
                n == 0 ? Double.NaN : (double) outside / n, low, high, outside, n, o.verdict(), p.c(), p.s(),
                detail.toString(), ExceedanceCount.METHOD, Double.NaN, settings.familyConfidence(), level, slack);
    }

    /**
     * Corollary 1 for beta != 1/2: the slope's normal interval at the row level, each depth's mean of
     * log10 r_fwd with its standard error. log10 r_fwd is a sum over layers and close to normal, but its
     * standard error is trusted only from {@link CheckSettings#meanMinTrials()} trials per depth.
     */
    private CheckRow slope(Plan p) {
        List<CellResult> group = p.group();
        double level = level(p);
        CellResult deepest = p.r();
        long n = deepest.log10RFwd().n();
        double[] x = new double[group.size()];
        double[] y = new double[group.size()];
        double[] se = new double[group.size()];
        StringBuilder depths = new StringBuilder();
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < group.size(); i++) {
            Summary l = group.get(i).log10RFwdSummary();
            x[i] = StrictMath.log10(group.get(i).cell().depth());
            y[i] = l.mean();
            se[i] = l.sd() / Math.sqrt(l.n());
            fewest = Math.min(fewest, group.get(i).log10RFwd().n());
            depths.append(i == 0 ? "" : ",").append(group.get(i).cell().depth());
        }
        String detail = "slope of mean log10 r_fwd against log10 L over L = " + depths + "; " + p.what()
                + "; normal interval at " + level + levelNote(level);
        if (fewest < settings.meanMinTrials()) {
            return slopeRow(p, level, Double.NaN, Double.NaN, Double.NaN, n, Verdict.INCONCLUSIVE,
                    detail + "; " + fewest + " < " + settings.meanMinTrials() + " trials at some depth: no valid interval");
        }
        WeightedSlope.Estimate fit;
        try {
            fit = WeightedSlope.fit(x, y, se);
        } catch (IllegalArgumentException e) {
            return slopeRow(p, level, Double.NaN, Double.NaN, Double.NaN, n, Verdict.INCONCLUSIVE, detail + "; " + e.getMessage());
        }
        double z = MeanInterval.z(level);
        double low = fit.slope() - z * fit.standardError();
        double high = fit.slope() + z * fit.standardError();
        double sign = ((Scaling.Beta) p.r().cell().scaling()).beta() > 0.5 ? -1 : 1;
        Verdict v;
        if (!(Double.isFinite(low) && Double.isFinite(high))) {
            v = Verdict.INCONCLUSIVE;
        } else if (sign * low > 0 && sign * high > 0) {
            v = Verdict.HOLDS;
        } else if (sign * low < 0 && sign * high < 0) {
            v = Verdict.VIOLATED;
        } else {
            v = Verdict.INCONCLUSIVE;
        }
        return slopeRow(p, level, fit.slope(), low, high, n, v, detail);
    }

    private CheckRow slopeRow(Plan p, double level, double slope, double low, double high, long n, Verdict v, String detail) {
        return new CheckRow(p.r().index(), "cor1", Double.NaN, null, Double.NaN, Double.NaN, slope, low, high, -1, n, v,
                p.c(), p.s(), detail, "weighted-slope", Double.NaN, settings.familyConfidence(), level, null);
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.6g", x);
    }
}
