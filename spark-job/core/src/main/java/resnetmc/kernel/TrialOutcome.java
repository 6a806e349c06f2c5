package resnetmc.kernel;

import java.io.Serializable;

/**
 * What one trial measures. Ratios are carried in log space by the kernel; the plain ratios are
 * {@code exp} of the logs and may be infinite where the log10 value is not (positively homogeneous
 * branches at depths where norms pass 1e308).
 *
 * @param log10RFwd   log10 (||h_L - h_0||^2 / ||h_0||^2)
 * @param log10RBwd   log10 (||p_0 - p_L||^2 / ||p_L||^2)
 * @param log10HRatio log10 (||h_L|| / ||h_0||)
 * @param log10PRatio log10 (||p_0|| / ||p_L||)
 * @param log10H0Norm log10 ||h_0||
 * @param eulerGap    |p_0.h_0 - p_L.h_L| / (||p_L|| ||h_L||), 0 up to rounding for a positively
 *                    homogeneous branch (Euler's identity); NaN for tanh
 * @param finite      false when a value is not finite: an overflow (only for non-homogeneous branches), or
 *                    r = 0 exactly (a res-1 ReLU network whose h_0 has no positive entry: probability 2^-d)
 * @param trajLog10H  log10 ||h_k|| / ||h_0|| at the trajectory layers
 * @param trajLog10P  log10 ||p_k|| / ||p_L|| at the trajectory layers
 */
public record TrialOutcome(long trial, double log10RFwd, double log10RBwd, double log10HRatio, double log10PRatio,
                           double log10H0Norm, double eulerGap, boolean finite, double[] trajLog10H,
                           double[] trajLog10P) implements Serializable {

    public double rFwd() {
        return StrictMath.pow(10.0, log10RFwd);
    }

    public double rBwd() {
        return StrictMath.pow(10.0, log10RBwd);
    }

    public double hRatio() {
        return StrictMath.pow(10.0, log10HRatio);
    }

    public double pRatio() {
        return StrictMath.pow(10.0, log10PRatio);
    }
}
