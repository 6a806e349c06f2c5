package resnetmc.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import resnetmc.theory.HypothesisConstants.CKind;

class HypothesisConstantsTest {

    @Test
    void cDimensionKnownValues() {
        // 42*44*46/40^3 = 85008/64000 = 1.32825 exactly.
        assertEquals(1.32825, HypothesisConstants.cDimension(40), 1e-15);
        // d = 1: 3*5*7 = 105 = E z^8, the d-independent constant.
        assertEquals(HypothesisConstants.C_UNIVERSAL, HypothesisConstants.cDimension(1), 0);
        assertThrows(IllegalArgumentException.class, () -> HypothesisConstants.cDimension(0));
    }

    @Test
    void cDimensionDecreasesTowardsOne() {
        // Each factor (d+2k)/d decreases in d and tends to 1.
        for (int d = 1; d < 500; d++) {
            assertTrue(HypothesisConstants.cDimension(d + 1) < HypothesisConstants.cDimension(d));
        }
        assertEquals(1.0, HypothesisConstants.cDimension(1_000_000), 2e-5);
    }

    @Test
    void evenMomentsOfOtherLawsAreBelowGaussian() {
        // Uniform on [-sqrt3, sqrt3]: E X^{2m} = 3^m/(2m+1); Rademacher: 1; Gaussian: (2m-1)!!.
        double gauss = 1;
        for (int m = 1; m <= 10; m++) {
            gauss *= 2 * m - 1;
            assertTrue(Math.pow(3, m) / (2 * m + 1) <= gauss, "m=" + m);
            assertTrue(1 <= gauss);
        }
    }

    @Test
    void subGaussianParameterOneHolds() {
        // Checks cosh(l) and sinh(sqrt3 l)/(sqrt3 l) <= exp(l^2/2) on a grid (s = 1), and the
        // coefficient inequality 6^k k! <= (2k+1)! used in the javadoc.
        double s = HypothesisConstants.S_SUB_GAUSSIAN;
        for (double l = 0.01; l < 20; l += 0.01) {
            double mgf = Math.exp(l * l * s * s / 2);
            assertTrue(Math.cosh(l) <= mgf * (1 + 1e-15), "l=" + l);
            double r = Math.sqrt(3) * l;
            assertTrue(Math.sinh(r) / r <= mgf * (1 + 1e-15), "l=" + l);
        }
        double lhs = 1;
        double rhs = 1;
        for (int k = 1; k <= 30; k++) {
            lhs *= 6.0 * k;
            rhs *= (2.0 * k) * (2.0 * k + 1);
            assertTrue(lhs <= rhs, "k=" + k);
        }
    }

    @Test
    void architectureChoosesConstant() {
        // res-1 has no inner weights: C = b^8 <= 1.
        assertEquals(1.0, HypothesisConstants.forArchitecture(false, 40, CKind.UNIVERSAL));
        assertEquals(1.32825, HypothesisConstants.forArchitecture(true, 40, CKind.DIMENSION), 1e-15);
        assertEquals(105.0, HypothesisConstants.forArchitecture(true, 40, CKind.UNIVERSAL));
    }
}
