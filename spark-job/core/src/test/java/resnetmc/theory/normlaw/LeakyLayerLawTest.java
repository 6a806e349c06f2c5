package resnetmc.theory.normlaw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The leaky-ReLU layer law ({@code Q = X+ + s^2 X-}, summed as a negative-binomial mixture of
 * chi-squares) against moments derived by hand. Deterministic (numerical error only).
 */
class LeakyLayerLawTest {

    /**
     * {@code K(1) = log E R = log(1 + c2 alpha^2)}, {@code c2 = (1 + s^2) / 2}, and
     * {@code K(2) = log E R^2} with (given {@code t^2 = alpha^2 Q / d^2}, {@code R = (1 + t xi_1)^2
     * + t^2 chi2(d - 1)}) {@code E[R | t] = 1 + t^2 d}, {@code Var[R | t] = 4 t^2 + 2 d t^4}, so
     * {@code E R^2 = 1 + (2d + 4) E t^2 + (d^2 + 2d) E t^4}; and {@code E Q = d (1 + s^2) / 2},
     * {@code E Q^2 = Var Q + (E Q)^2} with {@code Var Q = d (1 + s^4) + d (1 - s^2)^2 / 4}
     * ({@code Var(Q | K) = 2K + 2 s^4 (d - K)}, {@code E(Q | K) = s^2 d + (1 - s^2) K},
     * {@code K ~ Binomial(d, 1/2)}). Tolerances: 1e-11 relative on {@code K(1)} (as for the other
     * branches); 1e-9 on {@code K(2)}, whose integrand is larger in the tail of {@code Q}.
     */
    @Test
    void firstTwoMomentsMatchTheClosedForms() {
        double[][] cases = {{0.8, 4, 1.0}, {0.8, 64, 0.3}, {0.1, 16, 0.5}, {0.3, 1000, 0.2}, {0.05, 3, 0.9}};
        for (double[] c : cases) {
            double s = c[0];
            int d = (int) c[1];
            double alpha = c[2];
            NormRatioLaw law = NormRatioLaw.of(Branch.leaky(s), d, 1, alpha);
            double s2 = s * s;
            double k1 = StrictMath.log1p((1 + s2) / 2 * alpha * alpha);
            assertEquals(k1, law.layerCgf(1), 1e-11 * k1, "K(1), s=" + s + " d=" + d);
            double eq = d * (1 + s2) / 2;
            double varQ = d * (1 + s2 * s2) + d * (1 - s2) * (1 - s2) / 4;
            double eq2 = varQ + eq * eq;
            double a2 = alpha * alpha;
            double dd = (double) d * d;
            double er2 = 1 + (2.0 * d + 4) * a2 * eq / dd + (dd + 2.0 * d) * a2 * a2 * eq2 / (dd * dd);
            double k2 = StrictMath.log(er2);
            assertEquals(k2, law.layerCgf(2), 1e-9 * k2, "K(2), s=" + s + " d=" + d);
        }
    }

    /** Slope 1 - tiny: the law tends to the identity res-2 law (Q ~ chi2(d)); CDFs agree to 1e-6. */
    @Test
    void slopeNearOneApproachesTheIdentity() {
        NormRatioLaw leaky = NormRatioLaw.of(Branch.leaky(1 - 1e-9), 8, 20, 0.3);
        NormRatioLaw identity = NormRatioLaw.of(Branch.identityRes2(), 8, 20, 0.3);
        for (double z = -2; z <= 2; z += 1) {
            double x = identity.meanLogRho2() + z * identity.sdLogRho2();
            assertEquals(identity.cdf(x), leaky.cdf(x), 1e-6, "z=" + z);
        }
    }
}
