package resnetmc.theory.normlaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * {@link NormRatioLaw#bodyQuantilesLog10Rho} against the law's own CDF ({@link NormRatioLaw#cdf},
 * the saddle-point inversion checked against the noncentral chi-square and the exact mean in
 * {@link NormRatioLawExactTest}): the fixed-tilt inversion must land on the same points.
 * Deterministic: numerical error only, no sampling.
 */
class BodyQuantilesTest {

    private static final double LN10 = StrictMath.log(10);

    /**
     * Each returned quantile {@code q} satisfies {@code cdf(q) = p} to 1e-9 (the CDF's own
     * accuracy is 1e-8 absolute; Brent's tolerance is 1e-11 sd); cells: the quickstart's
     * branches at d = 32 and L = 8 (the least Gaussian sum), a small width (d = 8, where the
     * transform decays slowly) and a wide, deep one whose law is nearly Gaussian.
     */
    @Test
    void bodyQuantilesInvertTheCdf() {
        Object[][] cells = {
            {Branch.relu(), 32, 8L, 0.25},
            {Branch.relu(), 32, 8L, 1.0},
            {Branch.identityRes2(), 32, 64L, 0.5},
            {Branch.identityRes1(), 32, 512L, 0.25},
            {Branch.relu(), 8, 10L, 0.5},
            {Branch.relu(), 1_000_000, 100_000L, 0.5},
        };
        double[] ps = {0.01, 0.05, 0.5, 0.95, 0.99};
        for (Object[] c : cells) {
            Branch b = (Branch) c[0];
            int d = (Integer) c[1];
            long depth = (Long) c[2];
            NormRatioLaw law = NormRatioLaw.of(b, d, depth, StrictMath.pow(depth, -(Double) c[3]));
            double[] q = law.bodyQuantilesLog10Rho(ps);
            for (int i = 0; i < ps.length; i++) {
                assertEquals(ps[i], law.cdf(2 * LN10 * q[i]), 1e-9, b + " d=" + d + " L=" + depth + " p=" + ps[i]);
            }
        }
    }

    /** Same points as the one-at-a-time {@link NormRatioLaw#quantileLog10Rho} (to 1e-9 sd). */
    @Test
    void agreesWithTheSaddlePointQuantile() {
        NormRatioLaw law = NormRatioLaw.of(Branch.identityRes1(), 16, 3, 0.7);
        double[] q = law.bodyQuantilesLog10Rho(0.05, 0.5, 0.95);
        double sd = law.sdLogRho2() / (2 * LN10);
        assertEquals(law.quantileLog10Rho(0.05), q[0], 1e-9 * sd);
        assertEquals(law.quantileLog10Rho(0.5), q[1], 1e-9 * sd);
        assertEquals(law.quantileLog10Rho(0.95), q[2], 1e-9 * sd);
    }

    /**
     * ReLU at d = 6, L = 4: each layer's atom at R = 1 (mass 2^-6) leaves terms L a^(L-1) M_c(z) whose
     * transform decays slowly; the inversion would need ~1700 nodes, so it refuses after two probes.
     */
    @Test
    void refusesALawTooSlowToInvert() {
        NormRatioLaw law = NormRatioLaw.of(Branch.relu(), 6, 4, StrictMath.pow(4, -0.25));
        assertThrows(NormRatioLaw.SlowInversionException.class, () -> law.bodyQuantilesLog10Rho(0.05, 0.5, 0.95));
    }

    @Test
    void refusesProbabilitiesOutsideTheBody() {
        NormRatioLaw law = NormRatioLaw.of(Branch.identityRes1(), 16, 3, 0.7);
        assertThrows(IllegalArgumentException.class, () -> law.bodyQuantilesLog10Rho(1e-4));
        assertThrows(IllegalArgumentException.class, () -> law.bodyQuantilesLog10Rho(0.5, Double.NaN));
    }
}
