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
    /** 2^-53, the spacing of the 53-bit uniform grid. */
    private static final double TWO_POW_M53 = 0x1.0p-53;

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
     * Uniform entries on the grid (k + 1/2) 2^-53, k < 2^53, mapped to [-sqrt 3, sqrt 3]: the half-step
     * offset makes the discrete law exactly symmetric about 0 (plain nextDouble() is not: it hits -1 but
     * not +1).
     */
    private static final class Uniform extends EntrySampler {
        private final UniformRandomProvider rng;
        private final double width;

        Uniform(UniformRandomProvider rng, double scale) {
            super(scale);
            this.rng = rng;
            this.width = 2.0 * SQRT3 * scale;
        }

        @Override
        public void fill(double[] row, int n) {
            for (int i = 0; i < n; i++) {
                double u = ((rng.nextLong() >>> 11) + 0.5) * TWO_POW_M53;
                row[i] = (u - 0.5) * width;
            }
        }
    }

    /** +-scale, one bit of a 64-bit word per entry. */
    private static final class Rademacher extends EntrySampler {
        private final UniformRandomProvider rng;

        Rademacher(UniformRandomProvider rng, double scale) {
            super(scale);
            this.rng = rng;
        }

        @Override
        public void fill(double[] row, int n) {
            long bits = 0;
            for (int i = 0; i < n; i++) {
                if ((i & 63) == 0) {
                    bits = rng.nextLong();
                }
                row[i] = (bits & 1L) == 0 ? scale : -scale;
                bits >>>= 1;
            }
        }
    }
}
