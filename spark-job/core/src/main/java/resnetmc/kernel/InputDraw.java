package resnetmc.kernel;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;

/**
 * Draws a trial's input h_0 = A x and its loss head from the trial's input stream, in that order.
 * Kept apart from the network so the finite-difference test can perturb h_0 with the weights fixed.
 */
public final class InputDraw {
    private final int d;
    /** h_0. */
    public final double[] h0;
    /**
     * The loss head B (row-major, OUTPUT_DIMENSION x d for the quadratic loss, 1 x d for the scalar
     * output) and target y; null for the random direction.
     */
    public final double[] b;
    public final double[] y;
    /** dLoss/d(B h) = factor (B h - y): 1 for 1/2 ||B h - y||^2, 2 for (b . h - y)^2. */
    private final double factor;
    /** The fixed direction p_L of the random-direction loss; null otherwise. */
    public final double[] direction;

    private InputDraw(int d, double[] h0, double[] b, double[] y, double[] direction) {
        this(d, h0, b, y, direction, 1.0);
    }

    private InputDraw(int d, double[] h0, double[] b, double[] y, double[] direction, double factor) {
        this.factor = factor;
        this.d = d;
        this.h0 = h0;
        this.b = b;
        this.y = y;
        this.direction = direction;
    }

    public static InputDraw draw(UniformRandomProvider rng, int d, InputKind input, LossKind loss) {
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] h0 = new double[d];
        int nIn = InputKind.INPUT_DIMENSION;
        if (input == InputKind.UNIT) {
            java.util.Arrays.fill(h0, 1.0 / Math.sqrt(d));
        } else {
            double[] x = new double[nIn];
            for (int j = 0; j < nIn; j++) {
                x[j] = input == InputKind.GAUSSIAN ? normal.sample() : rng.nextDouble();
            }
            // A has N(0, 1/n_in) entries, drawn row by row.
            double aScale = 1.0 / Math.sqrt(nIn);
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int j = 0; j < nIn; j++) {
                    s += normal.sample() * aScale * x[j];
                }
                h0[i] = s;
            }
        }
        if (loss == LossKind.QUADRATIC) {
            int m = LossKind.OUTPUT_DIMENSION;
            double[] b = new double[m * d];
            double bScale = 1.0 / Math.sqrt(d);
            for (int i = 0; i < b.length; i++) {
                b[i] = normal.sample() * bScale;
            }
            double[] y = new double[m];
            for (int i = 0; i < m; i++) {
                y[i] = normal.sample();
            }
            return new InputDraw(d, h0, b, y, null);
        }
        if (loss == LossKind.SCALAR_OUTPUT) {
            // One output row b with N(0, 1/d) entries, target y uniform on [0, 1].
            double[] b = new double[d];
            double bScale = 1.0 / Math.sqrt(d);
            for (int i = 0; i < d; i++) {
                b[i] = normal.sample() * bScale;
            }
            return new InputDraw(d, h0, b, new double[] {rng.nextDouble()}, null, 2.0);
        }
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            z[i] = normal.sample();
        }
        double n = Vectors.norm(z, d);
        for (int i = 0; i < d; i++) {
            z[i] /= n;
        }
        return new InputDraw(d, h0, null, null, z);
    }

    /** The loss at h_L (quadratic: 1/2 ||B h_L - y||^2; scalar output: (b . h_L - y)^2). Used by tests. */
    public double quadraticLoss(double[] hL) {
        int m = y.length;
        double loss = 0;
        for (int r = 0; r < m; r++) {
            double s = -y[r];
            for (int i = 0; i < d; i++) {
                s += b[r * d + i] * hL[i];
            }
            loss += 0.5 * factor * s * s;
        }
        return loss;
    }

    /**
     * p_L = dLoss/dh_L at h_L = e^{logScale} u, written as out * e^{return value}: for the quadratic
     * loss p_L = B^T (B h_L - y) = e^m B^T (B u e^{logScale - m} - y e^{-m}) with m = max(logScale, 0),
     * finite however large h_L is; for the scalar output the same with one row and a factor 2.
     */
    public double gradientAt(double[] u, double logScale, double[] out) {
        if (direction != null) {
            System.arraycopy(direction, 0, out, 0, d);
            return 0.0;
        }
        int m = y.length;
        double mx = Math.max(logScale, 0.0);
        double eu = StrictMath.exp(logScale - mx);
        double ey = StrictMath.exp(-mx);
        java.util.Arrays.fill(out, 0, d, 0.0);
        for (int r = 0; r < m; r++) {
            double s = -y[r] * ey;
            for (int i = 0; i < d; i++) {
                s += b[r * d + i] * u[i] * eu;
            }
            s *= factor;
            for (int i = 0; i < d; i++) {
                out[i] += b[r * d + i] * s;
            }
        }
        return mx;
    }
}
