package resnetmc.kernel;

import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import resnetmc.model.Activation;

/**
 * Loops of the conditional sampler over L1-resident d-vectors. Every sum is taken in exactly
 * {@link Vectors#dot}'s order (four partial sums, the same tail, the same final pairing) and every element
 * by the same formula as {@link Activation}, so the results are the same bits as the unfused calls.
 *
 * <p>Elementwise work is done in loops of its own, with no running sum, branch or bit manipulation in them,
 * so that C2 vectorises them (an elementwise pass over 256 doubles then costs about a tenth of a dot
 * product); the sums are then pure dot products. Measured faster than one scalar pass doing both
 * (docs/performance.md): a loop that carries running sums is never vectorised, so its elementwise
 * arithmetic runs one element at a time.
 */
final class Fused {
    private Fused() {
    }

    /**
     * out[i] = scale * z_i for the next n standard normals z of {@code normal}: the draws alone in a tight
     * loop (what the draw-only limit times), so the arithmetic that uses them runs in separate loops that
     * the JIT can vectorise, instead of around the ziggurat's rarely taken slow-path call.
     */
    static void gaussians(ZigguratSampler.NormalizedGaussian normal, double scale, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = normal.sample() * scale;
        }
    }

    /** out = sigma(in) ({@link Activation#apply}); returns out . out ({@link Vectors#dot} of out with itself). */
    static double applySquaredNorm(Activation act, double[] in, double[] out, int n) {
        switch (act.kind()) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Math.max(in[i], 0.0);
                }
                return Vectors.dot(out, out, n);
            }
            default -> {
                act.apply(in, out, n);
                return Vectors.dot(out, out, n);
            }
        }
    }

    /** The bits of 1.0: ANDed with an all-ones or all-zeros mask gives 1.0 or +0.0 without a branch. */
    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);
    /** The raw bits of +infinity: positive non-NaN doubles are the bit patterns in (0, this]. */
    private static final long INF_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);

    /**
     * ReLU'(pre) as 1.0 or +0.0 (x > 0 ? 1 : 0) without a branch: the signs of pre-activations are coin
     * flips, which a branch mispredicts half the time. y * step(pre) is exactly the pre > 0 ? y : 0.0 * y of
     * {@link Activation#multiplyDerivative} (y * 1.0 = y; y * +0.0 = 0.0 * y, NaN and signed zeros included).
     */
    static double reluStep(double pre) {
        long b = Double.doubleToRawLongBits(pre);
        // Sign bit set in both terms exactly when 0 < b <= bits(+inf), i.e. pre > 0 (NaN and -0.0 excluded).
        long mask = (-b & (b - INF_BITS - 1)) >> 63;
        return Double.longBitsToDouble(ONE_BITS & mask);
    }

    /**
     * out = sigma'(pre) y with y = f + c g formed on the way ({@link Activation#multiplyDerivative}, value =
     * sigma(pre); y rounded as if stored first); sums[0] = out . out and sums[1] = pre . out
     * ({@link Vectors#dot}'s order). {@code y} is scratch for the activations without a fused loop.
     */
    static void multiplyDerivativeDots(Activation act, double[] pre, double[] value, double[] f, double c,
                                       double[] g, double[] y, double[] out, int n, double[] sums) {
        switch (act.kind()) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (f[i] + c * g[i]) * reluStep(pre[i]);
                }
                twoDots(out, out, pre, out, n, sums);
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    double v = value[i];
                    out[i] = (1.0 - v * v) * (f[i] + c * g[i]);
                }
                twoDots(out, out, pre, out, n, sums);
            }
            default -> {
                addScaled(f, c, g, y, n);
                act.multiplyDerivative(pre, value, y, out, n);
                twoDots(out, out, pre, out, n, sums);
            }
        }
    }

    /**
     * ReLU's {@link #multiplyDerivativeDots} given mask[i] = {@link #reluStep}(pre[i]) from
     * {@link #applyMaskTwoDots}: out = (f + c g) * mask in a loop the JIT vectorises (the same products, so the
     * same bits), then sums[0] = out . out, sums[1] = pre . out.
     */
    static void maskDots(double[] pre, double[] mask, double[] f, double c, double[] g, double[] out, int n,
                         double[] sums) {
        for (int i = 0; i < n; i++) {
            out[i] = (f[i] + c * g[i]) * mask[i];
        }
        twoDots(out, out, pre, out, n, sums);
    }

    /** out = a + c v (a and out may alias). */
    static void addScaled(double[] a, double c, double[] v, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = a[i] + c * v[i];
        }
    }

    /**
     * q += alpha (f + c v), the term rounded before it is scaled as if stored first; returns q . q of the
     * updated q ({@link Vectors#axpySquaredNorm} of the stored term: the same bits).
     */
    static double stepSquaredNorm(double[] q, double alpha, double[] f, double c, double[] v, int n) {
        for (int i = 0; i < n; i++) {
            q[i] = q[i] + alpha * (f[i] + c * v[i]);
        }
        return Vectors.dot(q, q, n);
    }

    /**
     * g = sigma(pre) ({@link Activation#apply}) and, in the same pass for ReLU, sums[0] = g . x and
     * sums[1] = b . y ({@link #twoDots}).
     */
    static void applyTwoDots(Activation act, double[] pre, double[] g, double[] x, double[] b, double[] y, int n,
                             double[] sums) {
        if (act.kind() != Activation.Kind.RELU) {
            act.apply(pre, g, n);
            twoDots(g, x, b, y, n, sums);
            return;
        }
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        double t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double g0 = Math.max(pre[i], 0.0);
            double g1 = Math.max(pre[i + 1], 0.0);
            double g2 = Math.max(pre[i + 2], 0.0);
            double g3 = Math.max(pre[i + 3], 0.0);
            g[i] = g0;
            g[i + 1] = g1;
            g[i + 2] = g2;
            g[i + 3] = g3;
            s0 += g0 * x[i];
            s1 += g1 * x[i + 1];
            s2 += g2 * x[i + 2];
            s3 += g3 * x[i + 3];
            t0 += b[i] * y[i];
            t1 += b[i + 1] * y[i + 1];
            t2 += b[i + 2] * y[i + 2];
            t3 += b[i + 3] * y[i + 3];
        }
        for (; i < n; i++) {
            double gi = Math.max(pre[i], 0.0);
            g[i] = gi;
            s0 += gi * x[i];
            t0 += b[i] * y[i];
        }
        sums[0] = (s0 + s1) + (s2 + s3);
        sums[1] = (t0 + t1) + (t2 + t3);
    }

    /**
     * ReLU: g = max(pre, 0) and mask = {@link #reluStep}(pre) (for {@link #maskDots}, so the derivative's bit
     * manipulation stays out of its vectorised loop), then sums[0] = g . x and sums[1] = b . y
     * ({@link #twoDots}).
     */
    static void applyMaskTwoDots(double[] pre, double[] g, double[] mask, double[] x, double[] b, double[] y, int n,
                                 double[] sums) {
        for (int i = 0; i < n; i++) {
            double p = pre[i];
            g[i] = Math.max(p, 0.0);
            mask[i] = reluStep(p);
        }
        twoDots(g, x, b, y, n, sums);
    }

    /** out = h + c v; returns out . out ({@link Vectors#dot}). out may not alias v. */
    static double addScaledSquaredNorm(double[] h, double c, double[] v, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = h[i] + c * v[i];
        }
        return Vectors.dot(out, out, n);
    }

    /**
     * Two dot products in one pass: sums[0] = a . x, sums[1] = b . y, each in {@link Vectors#dot}'s order.
     */
    static void twoDots(double[] a, double[] x, double[] b, double[] y, int n, double[] sums) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        double t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * x[i];
            s1 += a[i + 1] * x[i + 1];
            s2 += a[i + 2] * x[i + 2];
            s3 += a[i + 3] * x[i + 3];
            t0 += b[i] * y[i];
            t1 += b[i + 1] * y[i + 1];
            t2 += b[i + 2] * y[i + 2];
            t3 += b[i + 3] * y[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * x[i];
            t0 += b[i] * y[i];
        }
        sums[0] = (s0 + s1) + (s2 + s3);
        sums[1] = (t0 + t1) + (t2 + t3);
    }
}
