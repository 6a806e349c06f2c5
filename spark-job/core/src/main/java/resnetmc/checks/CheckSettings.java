package resnetmc.checks;

import java.io.Serializable;
import java.util.Arrays;
import resnetmc.theory.HypothesisConstants;

/**
 * How a checks table is judged (THEORY.md section 7).
 *
 * @param deltas            the deltas of the probability statements (Prop. 2, 3, Cor. 1), each in (0, 1)
 * @param familyConfidence  1 - a: the probability that no row of the table has a false "holds" or a false
 *                          "violated" is at least this (Bonferroni over the rows that can decide)
 * @param tolerance         relative tolerance of the mean statement (Lemma 1): "holds" means E r_fwd in
 *                          [lower (1 - tol), upper (1 + tol)], "violated" means outside it; in [0, 1)
 * @param cKind             the Hypothesis 2 constant C the preconditions use
 * @param meanMinTrials     smallest sample on which a mean interval is used (see {@link MeanEquivalence})
 */
public record CheckSettings(double[] deltas, double familyConfidence, double tolerance,
                            HypothesisConstants.CKind cKind, int meanMinTrials) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * 5%: res-3 and res-2 ReLU sit exactly on Lemma 1's lower bound and identity res-1 on its upper one,
     * so "holds" needs a margin; 5% is decided by about (t / 0.05)^2 ~ 5000 trials at a coefficient of
     * variation of r_fwd near 1, the size of the shipped experiments.
     */
    public static final double DEFAULT_TOLERANCE = 0.05;

    public CheckSettings {
        deltas = deltas.clone();
        for (double d : deltas) {
            if (!(d > 0 && d < 1)) {
                throw new IllegalArgumentException("every delta must be in (0,1), got " + d);
            }
        }
        if (!(familyConfidence > 0 && familyConfidence < 1)) {
            throw new IllegalArgumentException("family confidence must be in (0,1), got " + familyConfidence);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in [0,1), got " + tolerance);
        }
        if (cKind == null) {
            throw new IllegalArgumentException("cKind is required");
        }
        if (meanMinTrials < 2) {
            throw new IllegalArgumentException("meanMinTrials must be >= 2, got " + meanMinTrials);
        }
    }

    /** Default tolerance and minimum sample ({@link MeanEquivalence#DEFAULT_MIN_TRIALS}). */
    public static CheckSettings of(double[] deltas, double familyConfidence, HypothesisConstants.CKind cKind) {
        return new CheckSettings(deltas, familyConfidence, DEFAULT_TOLERANCE, cKind,
                MeanEquivalence.DEFAULT_MIN_TRIALS);
    }

    @Override
    public double[] deltas() {
        return deltas.clone();
    }

    /** The family error rate a = 1 - familyConfidence. */
    public double familyError() {
        return 1 - familyConfidence;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckSettings s && Arrays.equals(deltas, s.deltas)
                && Double.compare(familyConfidence, s.familyConfidence) == 0
                && Double.compare(tolerance, s.tolerance) == 0 && cKind == s.cKind && meanMinTrials == s.meanMinTrials;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(deltas) + Double.hashCode(familyConfidence) + 7 * Double.hashCode(tolerance)
                + cKind.hashCode() + meanMinTrials;
    }

    @Override
    public String toString() {
        return "CheckSettings[deltas=" + Arrays.toString(deltas) + ", familyConfidence=" + familyConfidence
                + ", tolerance=" + tolerance + ", cKind=" + cKind + ", meanMinTrials=" + meanMinTrials + "]";
    }
}
