package resnetmc.kernel;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import resnetmc.model.WeightDistribution;

/**
 * Fills rows of a weight matrix with i.i.d. entries of the chosen law times a scale (1/sqrt(d) for the
 * entries of V and W, so that sqrt(d) V has unit-variance entries: Hypothesis 1 of Marion et al.).
 */
public abstract class EntrySampler implements RowFiller {

    /** sqrt 3: uniform on [-sqrt 3, sqrt 3] has variance 1. */
    private static final double SQRT3 = Math.sqrt(3.0);
    /** 2^-32, the spacing of the uniform grid: one 32-bit half of a word per entry. */
    private static final double TWO_POW_M32 = 0x1.0p-32;
    /** 2^31, the midpoint of the 32-bit integers. */
    private static final double TWO_POW_31 = 0x1.0p31;

    protected final double scale;

    private EntrySampler(double scale) {
        this.scale = scale;
    }

    /** Writes n entries into row[0..n). */
    @Override
    public abstract void fill(double[] row, int n);

    public static EntrySampler of(WeightDistribution law, UniformRandomProvider rng, double scale) {
        return switch (law) {
            case GAUSSIAN -> new Gaussian(rng, scale);
            case UNIFORM -> new Uniform(rng, scale);
            case RADEMACHER -> new Rademacher(rng, scale);
        };
    }

    /**
     * Uniform entries as {@link #of}(UNIFORM, rng, scale) draws them, from the xoshiro256++ state
     * ({@code TrialStreams#vState}) rng starts from: the same words (the generator's step is written out
     * here, checked against commons-rng's by a test), but the state lives in local variables for a row
     * instead of being loaded and stored for every word through an interface call (1.5x-2x at d = 40).
     */
    public static EntrySampler uniform(long[] state, double scale) {
        return new LocalUniform(state, scale);
    }

    /** Standard normal entries by the McFarland (2016) ziggurat of commons-rng. */
    private static final class Gaussian extends EntrySampler {
        private final ZigguratSampler.NormalizedGaussian normal;

        Gaussian(UniformRandomProvider rng, double scale) {
            super(scale);
            this.normal = ZigguratSampler.NormalizedGaussian.of(rng);
        }

        @Override
        public void fill(double[] row, int n) {
            for (int i = 0; i < n; i++) {
                row[i] = normal.sample() * scale;
            }
        }
    }

    /**
     * Uniform entries on the grid (k + 1/2) 2^-32, k < 2^32, mapped to [-sqrt 3, sqrt 3]: two entries per
     * 64-bit word (the high half first, then the low half; an odd row leaves the last word's low half
     * unused, so every row starts on a fresh word and a recomputed row reads the same bits). The half-step
     * offset makes the discrete law exactly symmetric about 0 (plain nextDouble() is not: it hits -1 but
     * not +1). Its variance is (1 - 2^-64) of the continuous law's and its steps (2^-32 sqrt 12 / sqrt d)
     * are far below any resolution a Monte Carlo estimate reaches.
     */
    private static final class Uniform extends EntrySampler {
        private final UniformRandomProvider rng;
        private final double width;
        private final double offset;

        Uniform(UniformRandomProvider rng, double scale) {
            super(scale);
            this.rng = rng;
            this.width = 2.0 * SQRT3 * scale * TWO_POW_M32;
            // (k + 1/2) 2^-32 - 1/2 = (k - (2^32 - 1) / 2) 2^-32: one multiply-add per entry, exact in both
            // steps (k and (2^32 - 1) / 2 have at most 33 significant bits).
            this.offset = 0.5 - TWO_POW_31;
        }

        @Override
        public void fill(double[] row, int n) {
            int i = 0;
            for (; i + 1 < n; i += 2) {
                long w = rng.nextLong();
                row[i] = ((w >>> 32) + offset) * width;
                row[i + 1] = ((w & 0xFFFF_FFFFL) + offset) * width;
            }
            if (i < n) {
                row[i] = ((rng.nextLong() >>> 32) + offset) * width;
            }
        }

        /** {@link #fill} and {@link Vectors#dot} in one pass: the same words, entries and summation order. */
        @Override
        public double fillDot(double[] row, double[] x, int n) {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            int i = 0;
            for (; i + 3 < n; i += 4) {
                long w0 = rng.nextLong();
                long w1 = rng.nextLong();
                double r0 = ((w0 >>> 32) + offset) * width;
                double r1 = ((w0 & 0xFFFF_FFFFL) + offset) * width;
                double r2 = ((w1 >>> 32) + offset) * width;
                double r3 = ((w1 & 0xFFFF_FFFFL) + offset) * width;
                row[i] = r0;
                row[i + 1] = r1;
                row[i + 2] = r2;
                row[i + 3] = r3;
                s0 += r0 * x[i];
                s1 += r1 * x[i + 1];
                s2 += r2 * x[i + 2];
                s3 += r3 * x[i + 3];
            }
            // The tail (n mod 4 < 4 entries) as fill draws it: a pair per word, then a lone high half.
            for (; i + 1 < n; i += 2) {
                long w = rng.nextLong();
                double r0 = ((w >>> 32) + offset) * width;
                double r1 = ((w & 0xFFFF_FFFFL) + offset) * width;
                row[i] = r0;
                row[i + 1] = r1;
                s0 += r0 * x[i];
                s0 += r1 * x[i + 1];
            }
            if (i < n) {
                double r = ((rng.nextLong() >>> 32) + offset) * width;
                row[i] = r;
                s0 += r * x[i];
            }
            return (s0 + s1) + (s2 + s3);
        }
    }

    /** {@link Uniform} with xoshiro256++ (Blackman and Vigna, 2019) run on locals within a row. */
    private static final class LocalUniform extends EntrySampler {
        private long s0;
        private long s1;
        private long s2;
        private long s3;
        private final double width;
        private final double offset;

        LocalUniform(long[] state, double scale) {
            super(scale);
            this.s0 = state[0];
            this.s1 = state[1];
            this.s2 = state[2];
            this.s3 = state[3];
            this.width = 2.0 * SQRT3 * scale * TWO_POW_M32;
            this.offset = 0.5 - TWO_POW_31;
        }

        @Override
        public void fill(double[] row, int n) {
            long a = s0;
            long b = s1;
            long c = s2;
            long e = s3;
            int i = 0;
            for (; i < n; i += 2) {
                long w = Long.rotateLeft(a + e, 23) + a;
                long t = b << 17;
                c ^= a;
                e ^= b;
                b ^= c;
                a ^= e;
                c ^= t;
                e = Long.rotateLeft(e, 45);
                row[i] = ((w >>> 32) + offset) * width;
                if (i + 1 < n) {
                    row[i + 1] = ((w & 0xFFFF_FFFFL) + offset) * width;
                }
            }
            s0 = a;
            s1 = b;
            s2 = c;
            s3 = e;
        }

        /** {@link #fill} and y += a row in one pass (the same entries; an elementwise update, so the same bits). */
        @Override
        public void fillAxpy(double[] row, double a, double[] y, int n) {
            long p = s0;
            long b = s1;
            long c = s2;
            long e = s3;
            for (int i = 0; i < n; i += 2) {
                long w = Long.rotateLeft(p + e, 23) + p;
                long t = b << 17;
                c ^= p;
                e ^= b;
                b ^= c;
                p ^= e;
                c ^= t;
                e = Long.rotateLeft(e, 45);
                double r0 = ((w >>> 32) + offset) * width;
                row[i] = r0;
                y[i] += a * r0;
                if (i + 1 < n) {
                    double r1 = ((w & 0xFFFF_FFFFL) + offset) * width;
                    row[i + 1] = r1;
                    y[i + 1] += a * r1;
                }
            }
            s0 = p;
            s1 = b;
            s2 = c;
            s3 = e;
        }

        /** {@link Uniform#fillDot}: the same entries and summation order. */
        @Override
        public double fillDot(double[] row, double[] x, int n) {
            long a = s0;
            long b = s1;
            long c = s2;
            long e = s3;
            double r0 = 0, r1 = 0, r2 = 0, r3 = 0;
            int i = 0;
            for (; i + 3 < n; i += 4) {
                long w0 = Long.rotateLeft(a + e, 23) + a;
                long t = b << 17;
                c ^= a;
                e ^= b;
                b ^= c;
                a ^= e;
                c ^= t;
                e = Long.rotateLeft(e, 45);
                long w1 = Long.rotateLeft(a + e, 23) + a;
                t = b << 17;
                c ^= a;
                e ^= b;
                b ^= c;
                a ^= e;
                c ^= t;
                e = Long.rotateLeft(e, 45);
                double v0 = ((w0 >>> 32) + offset) * width;
                double v1 = ((w0 & 0xFFFF_FFFFL) + offset) * width;
                double v2 = ((w1 >>> 32) + offset) * width;
                double v3 = ((w1 & 0xFFFF_FFFFL) + offset) * width;
                row[i] = v0;
                row[i + 1] = v1;
                row[i + 2] = v2;
                row[i + 3] = v3;
                r0 += v0 * x[i];
                r1 += v1 * x[i + 1];
                r2 += v2 * x[i + 2];
                r3 += v3 * x[i + 3];
            }
            // The tail as fill draws it: a pair per word, then a lone high half.
            for (; i < n; i += 2) {
                long w = Long.rotateLeft(a + e, 23) + a;
                long t = b << 17;
                c ^= a;
                e ^= b;
                b ^= c;
                a ^= e;
                c ^= t;
                e = Long.rotateLeft(e, 45);
                double v0 = ((w >>> 32) + offset) * width;
                row[i] = v0;
                r0 += v0 * x[i];
                if (i + 1 < n) {
                    double v1 = ((w & 0xFFFF_FFFFL) + offset) * width;
                    row[i + 1] = v1;
                    r0 += v1 * x[i + 1];
                }
            }
            s0 = a;
            s1 = b;
            s2 = c;
            s3 = e;
            return (r0 + r1) + (r2 + r3);
        }
    }

    /** +-scale, one bit of a 64-bit word per entry. */
    private static final class Rademacher extends EntrySampler {
        private final UniformRandomProvider rng;
        private final long scaleBits;

        Rademacher(UniformRandomProvider rng, double scale) {
            super(scale);
            this.rng = rng;
            this.scaleBits = Double.doubleToRawLongBits(scale);
        }

        @Override
        public void fill(double[] row, int n) {
            long bits = 0;
            for (int i = 0; i < n; i++) {
                if ((i & 63) == 0) {
                    bits = rng.nextLong();
                }
                // The bit into the sign: branch-free (random signs mispredict half the time), same values.
                row[i] = Double.longBitsToDouble(scaleBits ^ (bits << 63));
                bits >>>= 1;
            }
        }
    }
}
