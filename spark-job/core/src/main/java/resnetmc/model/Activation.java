package resnetmc.model;

import java.io.Serializable;

/**
 * The branch non-linearity sigma, with its derivative.
 *
 * <p>Marion et al. (arXiv 2206.06929, Hypothesis 2 and Section 3) need a|x| <= |sigma(x)| <= b|x| with
 * 1/sqrt 2 <= a < b <= 1 for res-1/res-2; identity (a = b = 1) and leaky ReLU with a slope in
 * [1/sqrt 2, 1) satisfy it, ReLU (a = 0) and tanh do not. {@link #positivelyHomogeneous()} decides
 * whether the kernel may carry the hidden state as (unit vector, log-norm), which keeps log10 ratios
 * finite at depths where the norms pass 1e308.
 *
 * <p>tanh is {@link FastTanh}: deterministic on every CPU, within {@link FastTanh#MAX_ULPS} ulps of
 * StrictMath.tanh.
 *
 * @param kind  which function
 * @param slope the negative-side slope of a leaky ReLU (1 for identity, 0 for ReLU, NaN for tanh)
 */
public record Activation(Kind kind, double slope) implements Serializable {

    /** The activation families. */
    public enum Kind implements Labelled {
        IDENTITY("identity"), RELU("relu"), LEAKY_RELU("leaky-relu"), TANH("tanh");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }

    public static final Activation IDENTITY = new Activation(Kind.IDENTITY, 1.0);
    public static final Activation RELU = new Activation(Kind.RELU, 0.0);
    public static final Activation TANH = new Activation(Kind.TANH, Double.NaN);

    public static Activation leakyRelu(double slope) {
        return new Activation(Kind.LEAKY_RELU, slope);
    }

    public String label() {
        return kind.label();
    }

    /** sigma(c x) = c sigma(x) for c > 0: identity, ReLU and leaky ReLU. */
    public boolean positivelyHomogeneous() {
        return kind != Kind.TANH;
    }

    /**
     * c2 = (sigma(1)^2 + sigma(-1)^2) / 2 = E[sigma(z)^2] / E[z^2] for a symmetric z, the factor of
     * the exact mean (1 + c2 alpha^2)^L - 1 of res-2 (THEORY.md section 1); NaN for tanh.
     */
    public double c2() {
        return positivelyHomogeneous() ? (1.0 + slope * slope) / 2.0 : Double.NaN;
    }

    /**
     * Whether a|x| <= |sigma(x)| <= b|x| holds with 1/sqrt 2 <= a <= b <= 1, the condition res-1 needs
     * for Hypothesis 2 (E||g||^2 >= ||h||^2 / 2 pointwise).
     */
    public boolean sandwichedForRes1() {
        return positivelyHomogeneous() && slope >= StrictMath.sqrt(0.5) - 1e-15 && slope <= 1.0;
    }

    /** out[i] = sigma(in[i]). */
    public void apply(double[] in, double[] out, int n) {
        switch (kind) {
            case IDENTITY -> System.arraycopy(in, 0, out, 0, n);
            // Math.max compiles to branch-free maxsd: the signs of pre-activations are coin flips, which a
            // branch mispredicts half the time (measured 3.5x faster at d = 1024). slope <= 1 makes
            // max(x, slope x) the leaky ReLU.
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Math.max(in[i], 0.0);
                }
            }
            case LEAKY_RELU -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Math.max(in[i], slope * in[i]);
                }
            }
            case TANH -> FastTanh.tanh(in, out, n);
        }
    }

    /**
     * out[i] = sigma'(pre[i]) y[i], given value[i] = sigma(pre[i]) from {@link #apply}: tanh' = 1 - tanh^2
     * is read off the kept activation instead of a second tanh. out may be y.
     */
    public void multiplyDerivative(double[] pre, double[] value, double[] y, double[] out, int n) {
        switch (kind) {
            case IDENTITY -> System.arraycopy(y, 0, out, 0, n);
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    out[i] = pre[i] > 0 ? y[i] : 0.0 * y[i];
                }
            }
            case LEAKY_RELU -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (pre[i] > 0 ? 1.0 : slope) * y[i];
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    double t = value[i];
                    out[i] = (1.0 - t * t) * y[i];
                }
            }
        }
    }

    /** sigma(x). */
    public double value(double x) {
        return switch (kind) {
            case IDENTITY -> x;
            case RELU -> x > 0 ? x : 0.0;
            case LEAKY_RELU -> x > 0 ? x : slope * x;
            case TANH -> FastTanh.tanh(x);
        };
    }

    /** sigma'(x), with sigma'(0) taken as the left derivative (0 for ReLU), as autograd does. */
    public double derivative(double x) {
        return switch (kind) {
            case IDENTITY -> 1.0;
            case RELU -> x > 0 ? 1.0 : 0.0;
            case LEAKY_RELU -> x > 0 ? 1.0 : slope;
            case TANH -> {
                double t = FastTanh.tanh(x);
                yield 1.0 - t * t;
            }
        };
    }
}
