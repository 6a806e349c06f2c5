package resnetmc.stats;

/**
 * Weighted least-squares slope of {@code y} on {@code x} with known per-point standard errors,
 * weights {@code w = 1/se^2}: {@code slope = sum w (x - xw)(y - yw) / Sxx} with
 * {@code Sxx = sum w (x - xw)^2} and weighted means {@code xw, yw}; its standard error is
 * {@code 1/sqrt(Sxx)} (exact for independent normal errors of the stated sizes). Used to fit
 * growth rates, e.g. of {@code log E[r_fwd]} against {@code L alpha^2} across depths, when
 * comparing with the exponents of Lemma 1 and Prop. 3 of arXiv 2206.06929. Sums are centred
 * (two passes) so large offsets in {@code x} do not cancel.
 *
 * <p>Points with {@code se = 0} are exact. Instead of an arbitrary large weight, the fit is the
 * limit as their errors go to 0 together: if they span two or more distinct {@code x}, the line
 * through them (ordinary least squares on those points alone; they are collinear when the model
 * holds) with standard error 0; if they share one {@code x0}, the line is pinned at
 * {@code (x0, y0)} ({@code y0} their mean) and the other points fit its slope:
 * {@code slope = sum w (x - x0)(y - y0) / sum w (x - x0)^2}, standard error
 * {@code 1/sqrt(sum w (x - x0)^2)} (the weighted means tend to {@code (x0, y0)}).
 */
public final class WeightedSlope {

    /** Fitted slope and its standard error. */
    public record Estimate(double slope, double standardError) {
    }

    private WeightedSlope() {
    }

    /**
     * @param x  abscissae
     * @param y  responses, same length
     * @param se standard errors of {@code y}, finite and {@code >= 0}, same length
     * @return the slope estimate
     * @throws IllegalArgumentException on mismatched lengths, invalid values, or fewer than two
     *                                  distinct {@code x} that carry information
     */
    public static Estimate fit(double[] x, double[] y, double[] se) {
        int n = x.length;
        if (y.length != n || se.length != n) {
            throw new IllegalArgumentException("x, y, se lengths differ: " + n + ", " + y.length + ", " + se.length);
        }
        int firstExact = -1;
        double seMin = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            Arguments.finite("x[" + i + "]", x[i]);
            Arguments.finite("y[" + i + "]", y[i]);
            if (!(se[i] >= 0) || Double.isInfinite(se[i])) {
                throw new IllegalArgumentException("se[" + i + "] must be finite and >= 0, got " + se[i]);
            }
            if (se[i] == 0 && firstExact < 0) {
                firstExact = i;
            } else if (se[i] > 0) {
                seMin = Math.min(seMin, se[i]);
            }
        }
        // Weights relative to the smallest positive se, (seMin/se)^2 <= 1, so 1/se^2 cannot
        // overflow; the standard error is rescaled by seMin.
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = se[i] == 0 ? 0 : (seMin / se[i]) * (seMin / se[i]);
        }
        if (firstExact < 0) {
            return centred(x, y, w, weightedMean(x, w), weightedMean(y, w), seMin);
        }
        double x0 = x[firstExact];
        boolean spread = false;
        double[] exactW = new double[n];
        for (int i = 0; i < n; i++) {
            if (se[i] == 0) {
                exactW[i] = 1;
                spread |= x[i] != x0;
            }
        }
        double y0 = weightedMean(y, exactW);
        if (spread) {
            return centred(x, y, exactW, weightedMean(x, exactW), y0, 0);
        }
        return centred(x, y, w, x0, y0, seMin);
    }

    /** Slope about the centre (cx, cy); standard error {@code seScale / sqrt(Sxx)} (0: exact fit). */
    private static Estimate centred(double[] x, double[] y, double[] w, double cx, double cy, double seScale) {
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - cx;
            sxx += w[i] * dx * dx;
            sxy += w[i] * dx * (y[i] - cy);
        }
        if (!(sxx > 0)) {
            throw new IllegalArgumentException("need at least two distinct x values (with the weights in use)");
        }
        return new Estimate(sxy / sxx, seScale / Math.sqrt(sxx));
    }

    private static double weightedMean(double[] v, double[] w) {
        double sw = 0;
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            sw += w[i];
            s += w[i] * v[i];
        }
        return s / sw;
    }
}
