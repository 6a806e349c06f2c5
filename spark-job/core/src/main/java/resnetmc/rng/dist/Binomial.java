package resnetmc.rng.dist;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * Exact Binomial(n, p) variates for any n up to 2^31 - 1 (commons-rng's binomial sampler refuses
 * n >= 2^16).
 *
 * <p>Implementation overview. With r = min(p, 1 - p) (the count is reflected, n - X, when p > 1/2):
 * <ul>
 * <li>p = 1/2 and n <= {@link #POPCOUNT_MAX}: the number of set bits among n random bits, exact by
 * construction, about n/64 generator calls;</li>
 * <li>n r < {@link #INVERSION_MAX}: sequential inversion from P(0) = (1 - r)^n with the recurrence
 * P(x) = P(x - 1) (n - x + 1) r / (x q). Unlike the common implementation it is not truncated at
 * n r + 10 sd: it only restarts if the recurrence underflows to 0 while the uniform is still above the
 * running sum, i.e. with probability below 1e-300, so the tail is exact to double precision;</li>
 * <li>otherwise BTPE (Kachitvichyanukul and Schmeiser, "Binomial random variate generation", CACM 31
 * (1988) 216-222): a triangle, two parallelograms and two exponential tails dominate the pmf on the
 * whole of [0, n], and the candidate is accepted by the exact pmf ratio (explicit product near the
 * mode) or by the squeeze and Stirling's series with four correction terms (relative error below
 * 1e-20 for arguments >= 30) otherwise: exact in law, tails included.</li>
 * </ul>
 * The constants 2.195, 4.6, 0.134, 20.5 and 15.3 are those of the paper (the fitted width of the
 * triangle and the height of the parallelograms); 166320 = 2 * 83160 and the polynomial are
 * Stirling's series 1/(12x) - 1/(360x^3) + 1/(1260x^5) - 1/(1680x^7) + 1/(1188x^9) in Horner form
 * (13860 = 166320/12, where widely copied implementations have 13680; and log f(y)/f(m) takes
 * + c(m + 1) + c(n - m + 1) - c(y + 1) - c(n - y + 1), where they add all four corrections).
 * {@link #of} precomputes the set-up for a fixed (n, p); every call takes the generator.
 *
 * <p>Table front-end. Where the values with P(k) >= 2^-32 number at most {@link #TABLE_MAX} (n r q up
 * to {@link #TABLE_MAX_VARIANCE}) and n > 64, the law is split exactly as P(k) = (w_k + f_k) 2^-32 on
 * the table [lo, hi], w_k = floor(P(k) 2^32 (1 - 1e-11)) integer and f_k >= 0, plus P(k) outside it.
 * A 32-bit uniform U below W = sum w_k selects k by integer comparisons against the cumulative weights
 * (a guide table makes the search O(1)): an exact inversion of the dyadic part. Otherwise (probability
 * 1 - W 2^-32, about 1e-7) one of three parts is chosen by its mass: the fractional parts (a uniform
 * index accepted with probability f_k / max f), or the lower or upper tail (sequential inversion outward
 * from the table's edge with the ratio recurrence, as the inversion method does). P(k) comes from the
 * ratio recurrence from the mode, normalised over the range where it exceeds 1e-30 of the mode's value:
 * relative error about 1e-12, inside the 1e-11 margin that keeps f_k >= 0. One generator call and a few
 * integer comparisons replace popcount's n / 64 calls or BTPE's two uniforms and its acceptance test.
 */
public final class Binomial {
    /**
     * Popcount path up to 1024 bits (16 generator calls): measured as cheap as one BTPE draw at n = 1024,
     * where BTPE often takes its explicit pmf-ratio loop (|y - m| <= 20 within one or two sd).
     */
    static final int POPCOUNT_MAX = 1024;
    /** Inversion below a mean of 30, as in the paper (BTPE's envelope needs n r >= 30 to be tight). */
    static final double INVERSION_MAX = 30.0;

    /** Largest table (values with w_k >= 1): 2^14, at most 272 KiB per sampler with its guide table. */
    static final int TABLE_MAX = 1 << 14;
    /** Below this n the popcount path takes one generator call: no table. */
    static final int TABLE_MIN_N = 64;
    /**
     * Largest variance n r q tried for a table: the values with P(k) >= 2^-32 span about 15.5 sd at
     * sd = 1000 (exp(-x^2 / 2) = 2^-32 sqrt(2 pi) sd), so beyond sd of about 1050 they exceed TABLE_MAX.
     */
    static final double TABLE_MAX_VARIANCE = 1.1e6;
    private static final double TWO32 = 0x1p32;

    private enum Method { CONSTANT, POPCOUNT, INVERSION, BTPE }

    private final int n;
    private final double p;
    private final Method method;
    private final double r;
    private final double q;
    // BTPE set-up (names of the paper).
    private double nrq;
    private double fm;
    private long m;
    private double p1;
    private double xm;
    private double xl;
    private double xr;
    private double c;
    private double laml;
    private double lamr;
    private double p2;
    private double p3;
    private double p4;
    /**
     * f(m + j) / f(m) for |j| <= 20 by the same products as the explicit loop (so the same bits), looked
     * up instead of recomputed when the candidate is within 20 of the mode.
     */
    private double[] nearMode;
    // Inversion: P(0) and r / q.
    private double p0;
    private double ratio;
    // Table front-end (cumulative == null when not used): the table [tableLo, tableLo + length) with its
    // cumulative integer weights, fractional parts and their maximum, guide table and its shift; the pmf
    // on [pmfLo, pmfLo + pmf.length) for the tails; the masses of the three residual parts.
    private int tableLo;
    private long[] cumulative;
    private double[] fraction;
    private double fractionMax;
    private int[] guide;
    private int guideShift;
    private long pmfLo;
    private double[] pmf;
    private double massFraction;
    private double massLower;
    private double massUpper;

    private Binomial(int n, double p) {
        if (n < 0 || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("binomial(" + n + ", " + p + ")");
        }
        this.n = n;
        this.p = p;
        this.r = Math.min(p, 1 - p);
        this.q = 1 - r;
        if (n == 0 || p == 0 || p == 1) {
            method = Method.CONSTANT;
        } else if (p == 0.5 && n <= POPCOUNT_MAX) {
            method = Method.POPCOUNT;
        } else if (n * r < INVERSION_MAX) {
            method = Method.INVERSION;
            p0 = StrictMath.exp(n * StrictMath.log1p(-r));
            ratio = r / q;
        } else {
            method = Method.BTPE;
            nrq = n * r * q;
            fm = n * r + r;
            m = (long) Math.floor(fm);
            p1 = Math.floor(2.195 * Math.sqrt(nrq) - 4.6 * q) + 0.5;
            xm = m + 0.5;
            xl = xm - p1;
            xr = xm + p1;
            c = 0.134 + 20.5 / (15.3 + m);
            double a = (fm - xl) / (fm - xl * r);
            laml = a * (1.0 + a / 2.0);
            a = (xr - fm) / (xr * q);
            lamr = a * (1.0 + a / 2.0);
            p2 = p1 * (1.0 + 2.0 * c);
            p3 = p2 + c / laml;
            p4 = p3 + c / lamr;
            nearMode = new double[2 * NEAR + 1];
            for (int j = -NEAR; j <= NEAR; j++) {
                nearMode[j + NEAR] = m + j < 0 || m + j > n ? 0.0 : ratioToMode(m + j);
            }
        }
        if (method != Method.CONSTANT && n > TABLE_MIN_N) {
            buildTable();
        }
    }

    /**
     * The table front-end for the law of the reflected count (Binomial(n, r)), if its values with
     * P(k) >= 2^-32 number at most {@link #TABLE_MAX}.
     */
    private void buildTable() {
        if (n * r * q > TABLE_MAX_VARIANCE) {
            return;
        }
        long mode = (long) Math.floor((n + 1.0) * r);
        // f(k) = P(k) / P(mode) outward from the mode, down to 1e-30 (the rest is below 1e-25 of the total:
        // geometric decay beyond a few sd).
        double cut = 1e-30;
        double f = 1.0;
        long lo = mode;
        while (lo > 0) {
            f /= up(lo - 1);
            if (f < cut) {
                break;
            }
            lo--;
        }
        f = 1.0;
        long hi = mode;
        while (hi < n) {
            f *= up(hi);
            if (f < cut) {
                break;
            }
            hi++;
        }
        int size = (int) (hi - lo + 1);
        double[] pk = new double[size];
        int mi = (int) (mode - lo);
        pk[mi] = 1.0;
        for (int i = mi - 1; i >= 0; i--) {
            pk[i] = pk[i + 1] / up(lo + i);
        }
        for (int i = mi + 1; i < size; i++) {
            pk[i] = pk[i - 1] * up(lo + i - 1);
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {   // smallest first on each side would be marginally better; the
            sum += pk[i];                  // relative error stays near 1e-13 either way
        }
        for (int i = 0; i < size; i++) {
            pk[i] /= sum;
        }
        int first = 0;
        while (first < size && weight(pk[first]) == 0) {
            first++;
        }
        int last = size - 1;
        while (last > first && weight(pk[last]) == 0) {
            last--;
        }
        int kept = last - first + 1;
        if (kept > TABLE_MAX || kept < 2) {
            return;
        }
        tableLo = (int) (lo + first);
        pmfLo = lo;
        pmf = pk;
        cumulative = new long[kept];
        fraction = new double[kept];
        long c = 0;
        double fsum = 0;
        for (int i = 0; i < kept; i++) {
            double p = pk[first + i];
            long w = weight(p);
            c += w;
            cumulative[i] = c;
            fraction[i] = p * TWO32 - w;
            fsum += fraction[i];
            fractionMax = Math.max(fractionMax, fraction[i]);
        }
        massFraction = fsum / TWO32;
        for (int i = 0; i < first; i++) {
            massLower += pk[i];
        }
        for (int i = last + 1; i < size; i++) {
            massUpper += pk[i];
        }
        int bits = 32 - Integer.numberOfLeadingZeros(kept - 1);  // guide buckets >= kept
        guideShift = 32 - bits;
        guide = new int[1 << bits];
        int i = 0;
        for (int b = 0; b < guide.length; b++) {
            long start = (long) b << guideShift;
            while (i < kept - 1 && cumulative[i] <= start) {
                i++;
            }
            guide[b] = i;
        }
    }

    /** P(k + 1) / P(k) for Binomial(n, r). */
    private double up(long k) {
        return r / q * (n - k) / (k + 1.0);
    }

    /** floor(p 2^32 (1 - 1e-11)): at most P(k) 2^32 while p is within 1e-11 of P(k). */
    private static long weight(double p) {
        return (long) Math.floor(p * TWO32 * (1 - 1e-11));
    }

    /** The table's P(k) (NaN outside it or without a table), for tests. */
    double tableProbability(int k) {
        int i = k - tableLo;
        if (cumulative == null || i < 0 || i >= cumulative.length) {
            return Double.NaN;
        }
        return (tableWeight(k) + fraction[i]) / TWO32;
    }

    /** The table's integer weight w_k (0 outside it or without a table), for tests. */
    long tableWeight(int k) {
        int i = k - tableLo;
        if (cumulative == null || i < 0 || i >= cumulative.length) {
            return 0;
        }
        return cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
    }

    /** Whether draws go through the table front-end. */
    boolean tabled() {
        return cumulative != null;
    }

    /** |y - m| up to which f(y) / f(m) is tabulated: the explicit-ratio threshold of the paper. */
    private static final int NEAR = 20;

    /** f(y) / f(m) by the recurrence f(i) / f(i - 1) = (n + 1) s / i - s, s = r / q. */
    private double ratioToMode(long y) {
        double s = r / q;
        double aa = s * (n + 1.0);
        double f = 1.0;
        if (m < y) {
            for (long i = m + 1; i <= y; i++) {
                f *= aa / i - s;
            }
        } else if (m > y) {
            for (long i = y + 1; i <= m; i++) {
                f /= aa / i - s;
            }
        }
        return f;
    }

    /** The sampler of Binomial(n, p), 0 <= n, 0 <= p <= 1. */
    public static Binomial of(int n, double p) {
        return new Binomial(n, p);
    }

    /** One Binomial(n, p) variate (set-up on every call: prefer {@link #of} in loops). */
    public static int sample(UniformRandomProvider rng, int n, double p) {
        return of(n, p).sample(rng);
    }

    /** One variate from {@code rng}. */
    public int sample(UniformRandomProvider rng) {
        if (cumulative != null) {
            return reflect(table(rng));
        }
        return exact(rng);
    }

    /** Binomial(n, r) from the table front-end, or one of the three residual parts. */
    private int table(UniformRandomProvider rng) {
        long u = rng.nextLong() >>> 32;
        long[] c = cumulative;
        if (u < c[c.length - 1]) {
            int i = guide[(int) (u >>> guideShift)];
            while (c[i] <= u) {
                i++;
            }
            return tableLo + i;
        }
        return residual(rng);
    }

    /** The residual law (P(k) - w_k 2^-32), reached with probability about 1e-7. */
    private int residual(UniformRandomProvider rng) {
        double v = uniform(rng) * (massFraction + massLower + massUpper);
        if (v < massFraction) {
            int size = fraction.length;
            while (true) {
                int i = (int) ((rng.nextLong() >>> 11) * 0x1.0p-53 * size);
                if (uniform(rng) * fractionMax < fraction[i]) {
                    return tableLo + i;
                }
            }
        }
        boolean lower = v < massFraction + massLower;
        while (true) {
            double x = uniform(rng) * (lower ? massLower : massUpper);
            long k = lower ? tableLo - 1L : tableLo + (long) fraction.length;
            double pk = pmfAt(k);
            while (true) {
                if (x <= pk) {
                    return (int) k;
                }
                x -= pk;
                if (lower ? k == 0 : k == n) {
                    break;           // rounding left x > 0 past the end: redraw
                }
                pk = lower ? pk / up(k - 1) : pk * up(k);
                k += lower ? -1 : 1;
                if (pk == 0) {
                    break;           // underflow (x above a mass below 1e-300): redraw
                }
            }
        }
    }

    /** P(k) from the stored pmf, or 0 beyond its range (only reached below 1e-25 of the total mass). */
    private double pmfAt(long k) {
        long i = k - pmfLo;
        return i >= 0 && i < pmf.length ? pmf[(int) i] : 0.0;
    }

    /** Uniform on (0, 1): the 53-bit grid shifted by half a step. */
    private static double uniform(UniformRandomProvider rng) {
        return ((rng.nextLong() >>> 11) + 0.5) * 0x1.0p-53;
    }

    /** One variate by the exact method alone (no table). */
    private int exact(UniformRandomProvider rng) {
        return switch (method) {
            case CONSTANT -> p == 1 ? n : 0;
            case POPCOUNT -> half(rng, n);
            case INVERSION -> reflect(inversion(rng));
            case BTPE -> reflect(btpe(rng));
        };
    }

    private int reflect(int x) {
        return p > 0.5 ? n - x : x;
    }

    /** Binomial(n, 1/2) as the number of set bits among n random bits. */
    static int half(UniformRandomProvider rng, int n) {
        int count = 0;
        int left = n;
        while (left >= 64) {
            count += Long.bitCount(rng.nextLong());
            left -= 64;
        }
        if (left > 0) {
            count += Long.bitCount(rng.nextLong() >>> (64 - left));
        }
        return count;
    }

    private int inversion(UniformRandomProvider rng) {
        double s = ratio;
        while (true) {
            double u = rng.nextDouble();
            double px = p0;
            long x = 0;
            while (u > px) {
                u -= px;
                x++;
                if (x > n) {
                    break;
                }
                px *= s * (n - x + 1) / x;
                if (px == 0) {
                    break;
                }
            }
            if (x <= n && u <= px) {
                return (int) x;
            }
        }
    }

    private int btpe(UniformRandomProvider rng) {
        while (true) {
            double u = rng.nextDouble() * p4;
            double v = rng.nextDouble();
            long y;
            if (u <= p1) {
                // Triangle: accepted at once.
                return (int) Math.floor(xm - p1 * v + u);
            } else if (u <= p2) {
                double x = xl + (u - p1) / c;
                v = v * c + 1.0 - Math.abs(m - x + 0.5) / p1;
                if (v > 1.0) {
                    continue;
                }
                y = (long) Math.floor(x);
            } else if (u <= p3) {
                y = (long) Math.floor(xl + StrictMath.log(v) / laml);
                if (y < 0) {
                    continue;
                }
                v = v * (u - p2) * laml;
            } else {
                y = (long) Math.floor(xr - StrictMath.log(v) / lamr);
                if (y > n) {
                    continue;
                }
                v = v * (u - p3) * lamr;
            }
            if (!(v > 0)) {
                // v = 0 only when nextDouble() returned 0: f(y)/f(m) > 0 always accepts.
                return (int) y;
            }
            long k = Math.abs(y - m);
            if (k <= NEAR || k >= nrq / 2 - 1) {
                // Explicit ratio f(y)/f(m): tabulated near the mode, the product in the far tail.
                double f = k <= NEAR ? nearMode[(int) (y - m) + NEAR] : ratioToMode(y);
                if (v <= f) {
                    return (int) y;
                }
                continue;
            }
            // Squeeze on log f(y)/f(m), then Stirling's series.
            double rho = (k / nrq) * ((k * (k / 3.0 + 0.625) + 0.1666666666666666) / nrq + 0.5);
            double t = -(double) k * k / (2 * nrq);
            double lv = StrictMath.log(v);
            if (lv < t - rho) {
                return (int) y;
            }
            if (lv > t + rho) {
                continue;
            }
            double x1 = y + 1;
            double f1 = m + 1;
            double z = n + 1.0 - m;
            double w = n - y + 1;
            double bound = xm * StrictMath.log(f1 / x1) + (n - m + 0.5) * StrictMath.log(z / w)
                    + (y - m) * StrictMath.log(w * r / (x1 * q))
                    + stirling(f1) + stirling(z) - stirling(x1) - stirling(w);
            if (lv <= bound) {
                return (int) y;
            }
        }
    }

    /** The Stirling correction terms at x, written as in the paper. */
    private static double stirling(double x) {
        double x2 = x * x;
        return (13860. - (462. - (132. - (99. - 140. / x2) / x2) / x2) / x2) / x / 166320.;
    }
}
