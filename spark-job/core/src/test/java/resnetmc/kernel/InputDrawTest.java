package resnetmc.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.rng.RandomStreams;

/**
 * The input and loss head of a trial, deterministic: h_0 = A x and (B, y) or p_L drawn from the trial's input
 * stream in the documented order (x, then A row by row, then B row-major, then y), re-derived here from a
 * second copy of the same stream; the loss and its gradient against formulas written out directly.
 */
class InputDrawTest {
    private static final int D = 5;

    private static UniformRandomProvider stream(long trial) {
        return RandomStreams.of(21, 22, trial).inputs();
    }

    /** h_0 = A x with A of N(0, 1/n_in) entries, x Gaussian or uniform on [0, 1], from the given draws. */
    private static double[] h0(UniformRandomProvider rng, ZigguratSampler.NormalizedGaussian normal,
                               InputKind input) {
        int nIn = InputKind.INPUT_DIMENSION;
        double[] x = new double[nIn];
        for (int j = 0; j < nIn; j++) {
            x[j] = input == InputKind.GAUSSIAN ? normal.sample() : rng.nextDouble();
        }
        double[] h = new double[D];
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < nIn; j++) {
                h[i] += normal.sample() / Math.sqrt(nIn) * x[j];
            }
        }
        return h;
    }

    @Test
    void unitInputIsTheFixedUnitVector() {
        InputDraw in = InputDraw.draw(stream(1), D, InputKind.UNIT, LossKind.RANDOM_DIRECTION);
        for (double v : in.h0) {
            assertEquals(1 / Math.sqrt(D), v, 1e-16);
        }
    }

    /** Gaussian and data inputs, then the quadratic head: B has N(0, 1/d) entries, y ~ N(0, I_10). */
    @Test
    void inputAndQuadraticHeadFollowTheStream() {
        for (InputKind input : new InputKind[] {InputKind.GAUSSIAN, InputKind.DATA}) {
            InputDraw in = InputDraw.draw(stream(2), D, input, LossKind.QUADRATIC);
            UniformRandomProvider rng = stream(2);
            ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
            assertArrayEquals(h0(rng, normal, input), in.h0, 1e-14, input.label());
            int m = LossKind.OUTPUT_DIMENSION;
            double[] b = new double[m * D];
            for (int i = 0; i < b.length; i++) {
                b[i] = normal.sample() / Math.sqrt(D);
            }
            double[] y = new double[m];
            for (int i = 0; i < m; i++) {
                y[i] = normal.sample();
            }
            assertArrayEquals(b, in.b, 1e-15, input.label());
            assertArrayEquals(y, in.y, 0.0, input.label());
            assertNull(in.direction);
        }
    }

    /** Scalar output: one row b of N(0, 1/d) entries, then y = nextDouble() of the same stream. */
    @Test
    void scalarHeadFollowsTheStream() {
        InputDraw in = InputDraw.draw(stream(3), D, InputKind.DATA, LossKind.SCALAR_OUTPUT);
        UniformRandomProvider rng = stream(3);
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        h0(rng, normal, InputKind.DATA);
        double[] b = new double[D];
        for (int i = 0; i < D; i++) {
            b[i] = normal.sample() / Math.sqrt(D);
        }
        assertArrayEquals(b, in.b, 1e-15);
        assertArrayEquals(new double[] {rng.nextDouble()}, in.y, 0.0);
        assertNull(in.direction);
    }

    /** Random direction: z / ||z|| for z ~ N(0, I_d) drawn after h_0; no head. */
    @Test
    void randomDirectionIsTheNormalisedGaussian() {
        InputDraw in = InputDraw.draw(stream(4), D, InputKind.GAUSSIAN, LossKind.RANDOM_DIRECTION);
        UniformRandomProvider rng = stream(4);
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        h0(rng, normal, InputKind.GAUSSIAN);
        double[] z = new double[D];
        double ss = 0;
        for (int i = 0; i < D; i++) {
            z[i] = normal.sample();
            ss += z[i] * z[i];
        }
        for (int i = 0; i < D; i++) {
            z[i] /= Math.sqrt(ss);
        }
        assertArrayEquals(z, in.direction, 1e-15);
        assertNull(in.b);
        assertNull(in.y);
        // p_L is the direction whatever the state: copied, scale e^0
        double[] out = new double[D];
        assertEquals(0.0, in.gradientAt(new double[D], 7.0, out), 0.0);
        assertArrayEquals(z, out, 0.0);
    }

    /** 1/2 ||B h - y||^2 and (b . h - y)^2, written out with h = (1, -2, 0.5, 3, -1). */
    @Test
    void lossesAreTheFormulas() {
        double[] h = {1, -2, 0.5, 3, -1};
        for (LossKind loss : new LossKind[] {LossKind.QUADRATIC, LossKind.SCALAR_OUTPUT}) {
            InputDraw in = InputDraw.draw(stream(5), D, InputKind.GAUSSIAN, loss);
            double expected = 0;
            for (int r = 0; r < in.y.length; r++) {
                double s = 0;
                for (int i = 0; i < D; i++) {
                    s += in.b[r * D + i] * h[i];
                }
                s -= in.y[r];
                expected += loss == LossKind.QUADRATIC ? 0.5 * s * s : s * s;
            }
            assertEquals(expected, in.quadraticLoss(h), 1e-13 * expected, loss.label());
        }
    }

    /**
     * p_L = B^T (B h - y) (quadratic) or 2 b (b . h - y) (scalar) at h = e^{logScale} u, returned as
     * out e^{returned}: checked at log-scales below 0 (returned 0), at 0 and above 0 (returned logScale, out
     * finite), against the plain formula at the plain h.
     */
    @Test
    void gradientAtAnyScaleIsTheFormula() {
        double[] u = {0.2, -0.4, 0.1, 0.6, -0.2};
        for (LossKind loss : new LossKind[] {LossKind.QUADRATIC, LossKind.SCALAR_OUTPUT}) {
            InputDraw in = InputDraw.draw(stream(6), D, InputKind.GAUSSIAN, loss);
            double factor = loss == LossKind.QUADRATIC ? 1 : 2;
            for (double logScale : new double[] {-1.5, 0.0, 2.0}) {
                double[] h = new double[D];
                for (int i = 0; i < D; i++) {
                    h[i] = u[i] * Math.exp(logScale);
                }
                double[] expected = new double[D];
                for (int r = 0; r < in.y.length; r++) {
                    double s = -in.y[r];
                    for (int i = 0; i < D; i++) {
                        s += in.b[r * D + i] * h[i];
                    }
                    for (int i = 0; i < D; i++) {
                        expected[i] += factor * in.b[r * D + i] * s;
                    }
                }
                double[] out = new double[D];
                java.util.Arrays.fill(out, 9.0); // overwritten, not accumulated into
                double m = in.gradientAt(u, logScale, out);
                assertEquals(Math.max(logScale, 0), m, 0.0, loss.label() + " at " + logScale);
                for (int i = 0; i < D; i++) {
                    assertEquals(expected[i], out[i] * Math.exp(m), 1e-13, loss.label() + " at " + logScale);
                }
            }
        }
    }
}
