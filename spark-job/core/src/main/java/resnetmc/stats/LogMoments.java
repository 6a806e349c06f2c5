package resnetmc.stats;

import java.io.Serializable;

/**
 * Add/merge buffer of the first three moments of positive values given by their log10, kept in
 * log-domain so that no finite value is lost: values far beyond 1e308 (r_fwd at beta &lt; 1/2 and large
 * depth) and values far below 1e-308 enter the mean like any other.
 *
 * <p>Implementation overview: the buffer holds a scale {@code s} (the largest log10 seen) and the
 * count, mean, and central sums {@code M2 = sum (y - mean)^2}, {@code M3 = sum (y - mean)^3} of the
 * scaled values {@code y = 10^(v - s)} in (0, 1]. Adding or merging rescales the side with the smaller
 * scale by {@code 10^(s_small - s_large)} (mean by that factor, M2 by its square, M3 by its cube);
 * values so small that they underflow contribute less than 1e-308 relative to the largest one.
 * Moments merge by the pairwise formulas of Chan, Golub and LeVeque (1979) for M2 and Pebay (2008,
 * Sandia report SAND2008-6212, eq. 2.1) for M3, stable where a running sum of powers would cancel. The
 * buffer also keeps the mean and M2 of the log10 values themselves (for a lognormal fit of the tails).
 *
 * <p>A log10 of {@code -Infinity} is the value 0 and is counted; NaN and {@code +Infinity} (a trial
 * whose value overflowed even its logarithm, or failed) are counted in {@link #nonFinite()}: they are
 * never silently dropped, and a mean with any of them is not known. Floating-point addition is not
 * associative: add in trial order (as {@link SampleBuffer#sortedByTrial()} gives) for bit-identical
 * results.
 *
 * @since 0.2.0
 */
public final class LogMoments implements Serializable {

    private static final long serialVersionUID = 1L;

    private long n;
    private long nonFinite;
    private long zeros;
    /** log10 of the unit in which mean, m2, m3 are held; -Infinity while every value is 0. */
    private double scale = Double.NEGATIVE_INFINITY;
    private double mean;
    private double m2;
    private double m3;
    /** Moments of the log10 values of the positive values. */
    private long nLog;
    private double logMean;
    private double logM2;

    /** Adds one value by its log10; returns this. */
    public LogMoments add(double log10Value) {
        if (Double.isNaN(log10Value) || log10Value == Double.POSITIVE_INFINITY) {
            nonFinite++;
            return this;
        }
        double y;
        if (log10Value == Double.NEGATIVE_INFINITY) {
            zeros++;
            y = 0;
        } else {
            if (log10Value > scale) {
                double f = factor(scale, log10Value);
                mean *= f;
                m2 *= f * f;
                m3 *= f * f * f;
                scale = log10Value;
            }
            y = factor(log10Value, scale);
            // Welford's update of the log10 moments.
            nLog++;
            double dl = log10Value - logMean;
            logMean += dl / nLog;
            logM2 += dl * (log10Value - logMean);
        }
        // One-point update (Pebay 2008, eq. 2.1 with n_b = 1): M3 before M2, which it reads.
        double n1 = n + 1.0;
        double delta = y - mean;
        double dn = delta / n1;
        double term = delta * dn * n;
        mean += dn;
        m3 += term * dn * (n1 - 2) - 3 * dn * m2;
        m2 += term;
        n++;
        return this;
    }

    /** Merges {@code other} (left unchanged) into this; returns this. */
    public LogMoments merge(LogMoments other) {
        nonFinite += other.nonFinite;
        zeros += other.zeros;
        if (other.n == 0) {
            return this;
        }
        if (n == 0) {
            n = other.n;
            scale = other.scale;
            mean = other.mean;
            m2 = other.m2;
            m3 = other.m3;
            nLog = other.nLog;
            logMean = other.logMean;
            logM2 = other.logM2;
            return this;
        }
        double s = Math.max(scale, other.scale);
        double fa = factor(scale, s);
        double fb = factor(other.scale, s);
        double meanA = mean * fa;
        double m2A = m2 * fa * fa;
        double m3A = m3 * fa * fa * fa;
        double meanB = other.mean * fb;
        double m2B = other.m2 * fb * fb;
        double m3B = other.m3 * fb * fb * fb;
        double na = n;
        double nb = other.n;
        double nt = na + nb;
        double delta = meanB - meanA;
        mean = meanA + delta * nb / nt;
        m3 = m3A + m3B + delta * delta * delta * na * nb * (na - nb) / (nt * nt)
                + 3 * delta * (na * m2B - nb * m2A) / nt;
        m2 = m2A + m2B + delta * delta * na * nb / nt;
        n += other.n;
        scale = s;
        if (other.nLog > 0) {
            if (nLog == 0) {
                logMean = other.logMean;
                logM2 = other.logM2;
            } else {
                double la = nLog;
                double lb = other.nLog;
                double d = other.logMean - logMean;
                logMean += d * lb / (la + lb);
                logM2 += other.logM2 + d * d * la * lb / (la + lb);
            }
            nLog += other.nLog;
        }
        return this;
    }

    /** 10^(from - to) for from &lt;= to; 1 when both are the all-zero scale. */
    private static double factor(double from, double to) {
        return from == to ? 1.0 : StrictMath.pow(10.0, from - to);
    }

    /** Values counted, zeros included, non-finite ones excluded. */
    public long n() {
        return n;
    }

    /** NaN and +Infinity log10 values: trials whose value is not known. */
    public long nonFinite() {
        return nonFinite;
    }

    /** Values equal to 0 (log10 = -Infinity). */
    public long zeros() {
        return zeros;
    }

    /** log10 of the unit of {@link #scaledMean()} and {@link #scaledSd()}; -Infinity if all values are 0. */
    public double log10Scale() {
        return scale;
    }

    /** The mean in units of 10^log10Scale; NaN when empty. */
    public double scaledMean() {
        return n == 0 ? Double.NaN : mean;
    }

    /** The sample standard deviation (divisor n - 1) in units of 10^log10Scale; NaN when n &lt; 2. */
    public double scaledSd() {
        return n < 2 ? Double.NaN : Math.sqrt(m2 / (n - 1));
    }

    /** log10 of the mean; -Infinity if every value is 0, NaN when empty. */
    public double log10Mean() {
        if (n == 0) {
            return Double.NaN;
        }
        return mean == 0 ? Double.NEGATIVE_INFINITY : scale + StrictMath.log10(mean);
    }

    /**
     * Sample skewness g1 = sqrt(n) M3 / M2^(3/2) (the moment estimator; it underestimates the skewness of
     * heavy tails at small n); NaN when n &lt; 3 or all values are equal.
     */
    public double skewness() {
        if (n < 3 || !(m2 > 0)) {
            return Double.NaN;
        }
        return Math.sqrt((double) n) * m3 / (m2 * Math.sqrt(m2));
    }

    /** Standard deviation (divisor n - 1) of the natural log of the positive values; NaN when fewer than 2. */
    public double lnSd() {
        return nLog < 2 ? Double.NaN : Math.sqrt(logM2 / (nLog - 1)) * StrictMath.log(10.0);
    }
}
