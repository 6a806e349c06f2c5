package resnetmc.theory.meanfield;

import org.apache.commons.math3.special.Gamma;
import resnetmc.model.FastTanh;

/**
 * The activations of Yang and Schoenholz (NeurIPS 2017, "Mean Field Residual Networks: On the Edge of
 * Chaos"): tanh, ReLU and alpha-ReLU (x^alpha for x > 0, else 0), with the Gaussian moments the
 * mean-field recursions need: E phi(u), E phi(u)^2, E phi'(u)^2 for u ~ N(0, q) and
 * E phi(u) phi(u') for a bivariate pair. Closed forms where they exist (ReLU's arc-cosine kernel,
 * Cho and Saul 2009; alpha-ReLU moments E u^{2a} 1{u > 0} = q^a 2^{a-1} Gamma(a + 1/2) / sqrt(pi)),
 * quadrature ({@link GaussianIntegrals}) otherwise.
 *
 * @param alpha the exponent of alpha-ReLU, in (0, 1); NaN for tanh and ReLU
 */
public record Phi(Kind kind, double alpha) implements java.io.Serializable {

    public enum Kind { TANH, RELU, ALPHA_RELU }

    public static final Phi TANH = new Phi(Kind.TANH, Double.NaN);
    public static final Phi RELU = new Phi(Kind.RELU, Double.NaN);

    public static Phi alphaRelu(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha-ReLU needs alpha in (0, 1), got " + alpha);
        }
        return new Phi(Kind.ALPHA_RELU, alpha);
    }

    /**
     * phi(x); tanh by {@link FastTanh} and StrictMath otherwise, so that a trial's numbers do not depend on
     * the JVM's intrinsics.
     */
    public double value(double x) {
        return switch (kind) {
            case TANH -> FastTanh.tanh(x);
            case RELU -> Math.max(x, 0.0);
            case ALPHA_RELU -> x > 0 ? StrictMath.pow(x, alpha) : 0.0;
        };
    }

    /** phi'(x), with phi'(0) = 0 for the ReLUs (the left derivative, as autograd takes it). */
    public double derivative(double x) {
        return switch (kind) {
            case TANH -> {
                double t = FastTanh.tanh(x);
                yield 1 - t * t;
            }
            case RELU -> x > 0 ? 1.0 : 0.0;
            case ALPHA_RELU -> x > 0 ? alpha * StrictMath.pow(x, alpha - 1) : 0.0;
        };
    }

    /** E u^{2a} 1{u > 0} for u ~ N(0, q) and 2a > -1: q^a 2^{a-1} Gamma(a + 1/2) / sqrt(pi). */
    static double halfMoment(double a, double q) {
        return Math.pow(q, a) * Math.pow(2, a - 1) * Math.exp(Gamma.logGamma(a + 0.5)) / Math.sqrt(Math.PI);
    }

    /** E phi(u), u ~ N(0, q). */
    public double mean(double q) {
        return switch (kind) {
            case TANH -> 0.0; // odd function, symmetric law
            case RELU -> Math.sqrt(q / (2 * Math.PI));
            case ALPHA_RELU -> halfMoment(alpha / 2, q);
        };
    }

    /** E phi(u)^2, u ~ N(0, q). */
    public double secondMoment(double q) {
        return switch (kind) {
            case TANH -> GaussianIntegrals.expect(x -> Math.tanh(x) * Math.tanh(x), q);
            case RELU -> q / 2;
            case ALPHA_RELU -> halfMoment(alpha, q);
        };
    }

    /** E phi'(u)^2, u ~ N(0, q); infinite for alpha-ReLU with alpha <= 1/2 (the integral diverges at 0). */
    public double derivativeSecondMoment(double q) {
        return switch (kind) {
            case TANH -> GaussianIntegrals.expect(x -> {
                double t = Math.tanh(x);
                return (1 - t * t) * (1 - t * t);
            }, q);
            case RELU -> 0.5;
            case ALPHA_RELU -> alpha <= 0.5 ? Double.POSITIVE_INFINITY : alpha * alpha * halfMoment(alpha - 1, q);
        };
    }

    /** E phi(u) phi(u') with Var u = q, Var u' = q2, Cov(u, u') = c. */
    public double crossMoment(double q, double q2, double c) {
        if (kind == Kind.RELU) {
            // Arc-cosine kernel of degree 1: sqrt(q q2) (sin t + (pi - t) cos t) / (2 pi), cos t = c / sqrt(q q2).
            double s = Math.sqrt(q * q2);
            double cos = Math.max(-1.0, Math.min(1.0, c / s));
            double t = Math.acos(cos);
            return s * (Math.sin(t) + (Math.PI - t) * cos) / (2 * Math.PI);
        }
        return GaussianIntegrals.expect2(this::value, this::value, q, q2, c);
    }
}
