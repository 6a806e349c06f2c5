package resnetmc.checks;

import resnetmc.model.Activation;
import resnetmc.model.Cell;
import resnetmc.model.LossKind;
import resnetmc.model.WeightProcess;
import resnetmc.theory.Bounds;
import resnetmc.theory.HypothesisConstants;
import resnetmc.theory.normlaw.Branch;
import resnetmc.theory.normlaw.NormRatioLaw;

/**
 * What THEORY.md section 1 says of a cell before any trial: whether Hypothesis 2 holds, the constants
 * C and s, and the exact means where they exist.
 */
public final class Oracles {
    private Oracles() {
    }

    /**
     * Why the hypotheses fail for this cell, or null when they hold: weights correlated across layers
     * break the independence of Hypothesis 1; Hypothesis 2 (||h||^2/2 <= E||g(h)||^2 <= ||h||^2) holds always for res-3; for res-2 when sigma is positively homogeneous with slope in [0, 1]
     * (E||sigma(W h)||^2 = c2 ||h||^2, c2 in [1/2, 1]); for res-1 when a|x| <= |sigma(x)| <= b|x| with
     * a >= 1/sqrt 2 (Marion et al., arXiv 2206.06929, Section 3).
     */
    public static String hypothesis2Failure(Cell cell) {
        if (!independentLayers(cell)) {
            return "Hypothesis 1: weights independent across layers (regularity = " + cell.weights().label()
                    + (cell.weights() instanceof WeightProcess.Fbm f ? ", H = " + f.hurst() : "") + ")";
        }
        Activation act = cell.activation();
        return switch (cell.arch()) {
            case RES_3 -> null;
            case RES_2 -> act.positivelyHomogeneous() ? null
                    : "Hypothesis 2: E||tanh(W h)||^2 >= ||h||^2/2 fails for large ||h||";
            case RES_1 -> act.sandwichedForRes1() ? null
                    : "Hypothesis 2: res-1 needs a|x| <= |sigma(x)| <= b|x| with a >= 1/sqrt 2, "
                    + act.label() + (act.positivelyHomogeneous() ? " has a = " + act.slope() : " is not bounded below");
        };
    }

    /**
     * Whether the layers' weights are independent, as Lemma 1 and Propositions 2-3 assume: i.i.d.
     * weights, or fbm at H = 1/2 (white noise).
     */
    public static boolean independentLayers(Cell cell) {
        return cell.weights().independentLayers();
    }

    /** C of Hypothesis 2: 1 for res-1 (||sigma(h)||^8 <= ||h||^8 deterministically), else per kind. */
    public static double hypothesisC(Cell cell, HypothesisConstants.CKind kind) {
        return HypothesisConstants.forArchitecture(cell.arch().hasInnerWeights(), cell.width(), kind);
    }

    /** s of Hypothesis 1: 1 for the three laws the engine samples. */
    public static double hypothesisS(Cell cell) {
        return HypothesisConstants.S_SUB_GAUSSIAN;
    }

    /**
     * c2 with E[r_fwd] = (1 + c2 alpha^2)^L - 1 exactly, or NaN when THEORY.md gives no exact value:
     * res-3 (c2 = 1/2), res-2 with a positively homogeneous sigma (c2 = (sigma(1)^2 + sigma(-1)^2)/2),
     * res-1 with the identity (c2 = 1).
     */
    public static double exactC2(Cell cell) {
        if (!independentLayers(cell)) {
            return Double.NaN; // the product formula needs independent layers
        }
        Activation act = cell.activation();
        return switch (cell.arch()) {
            case RES_3 -> 0.5;
            case RES_2 -> act.c2();
            case RES_1 -> act.kind() == Activation.Kind.IDENTITY ? 1.0 : Double.NaN;
        };
    }

    /** The exact E[r_fwd], NaN when none is known. */
    public static double exactMeanRFwd(Cell cell) {
        double c2 = exactC2(cell);
        return Double.isNaN(c2) ? Double.NaN : Bounds.exactMean(c2, cell.alpha(), cell.depth());
    }

    /**
     * The exact E[r_bwd]: equal to the forward one when the direction of p_L is independent of the
     * residual weights (random-direction loss; scalar-output loss, whose p_L is along the output row b up
     * to a sign and a scale, which r_bwd does not see) and sigma'(W h) is almost surely well defined (continuous weights, or the
     * identity whose derivative is 1 everywhere); NaN otherwise (THEORY.md section 1 caveat).
     */
    public static double exactMeanRBwd(Cell cell) {
        boolean pLIndependent = cell.loss() == LossKind.RANDOM_DIRECTION || cell.loss() == LossKind.SCALAR_OUTPUT;
        boolean noTies = cell.distribution().continuous() || cell.activation().kind() == Activation.Kind.IDENTITY;
        return pLIndependent && noTies ? exactMeanRFwd(cell) : Double.NaN;
    }

    /** The probabilities of the exact quantile columns of {@code cells}: 5 %, 50 %, 95 %. */
    public static final double[] EXACT_QUANTILE_LEVELS = {0.05, 0.5, 0.95};

    /**
     * The exact quantiles of {@code log10 (||h_L|| / ||h_0||)} at {@link #EXACT_QUANTILE_LEVELS}
     * from the norm law (THEORY.md section 6), where the cell has one (Gaussian i.i.d. weights,
     * res-3, res-2 with ReLU / leaky ReLU / identity, res-1 with the identity), whatever the
     * sampler that drew the trials.
     *
     * @return the three quantiles, or {@code null} where the law is not known or too costly to invert
     *         (ReLU at {@code d L} below ~30, see {@link NormRatioLaw#MAX_BODY_NODES})
     */
    public static double[] exactLog10HRatioQuantiles(Cell cell) {
        try {
            return Branch.of(cell)
                    .map(b -> NormRatioLaw.of(b, cell.width(), cell.depth(), cell.alpha())
                            .bodyQuantilesLog10Rho(EXACT_QUANTILE_LEVELS))
                    .orElse(null);
        } catch (NormRatioLaw.SlowInversionException e) {
            return null;
        }
    }
}
