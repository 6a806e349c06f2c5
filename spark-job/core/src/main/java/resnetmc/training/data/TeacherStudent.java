package resnetmc.training.data;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import resnetmc.rng.RandomStreams;

/**
 * A synthetic regression set (teacher-student): inputs x ~ N(0, I_n) and targets
 * y = T2 tanh(T1 x) + noise z, z ~ N(0, I_m), from a fixed random one-hidden-layer teacher with
 * T1 (H x n) entries N(0, 1/n) and T2 (m x H) entries N(0, 1/(c H)).
 *
 * <p>Constants: the teacher's pre-activations T1 x are N(0, 1) per unit, where tanh is neither linear
 * nor saturated, so a linear student cannot fit the targets; c = E[tanh(Z)^2] for Z ~ N(0, 1)
 * (0.3942, Gauss-Hermite quadrature) makes each clean target of variance about 1, so {@code noise} is
 * the noise-to-signal standard-deviation ratio and the best test loss 1/2 E||z||^2 = m noise^2 / 2 is
 * known. H = 4 n hidden units (at least 16) keep the teacher richer than a linear map of the inputs.
 *
 * <p>Every number comes from {@link RandomStreams#dataset(long, int)}, one stream per part (teacher
 * weights, train inputs, train noise, test inputs, test noise), so the set depends on the seed and the
 * sizes only, and the test set does not change with the train size.
 */
public final class TeacherStudent {

    /** E[tanh(Z)^2], Z ~ N(0, 1), to 4 digits (100-point Gauss-Hermite quadrature). */
    static final double TANH_SECOND_MOMENT = 0.3942;
    private static final int PART_T1 = 0;
    private static final int PART_T2 = 1;
    private static final int PART_TRAIN_X = 2;
    private static final int PART_TRAIN_NOISE = 3;
    private static final int PART_TEST_X = 4;
    private static final int PART_TEST_NOISE = 5;

    private TeacherStudent() {
    }

    /** Hidden width of the teacher for {@code inputs} inputs. */
    static int hidden(int inputs) {
        return Math.max(16, 4 * inputs);
    }

    /**
     * The data set of {@code train} and {@code test} examples with {@code inputs} features and
     * {@code outputs} targets; {@code noise} >= 0 is the standard deviation of the target noise.
     */
    public static Dataset generate(long seed, int inputs, int outputs, int train, int test, double noise) {
        if (inputs < 1 || outputs < 1 || train < 1 || test < 0 || !(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("inputs " + inputs + ", outputs " + outputs + ", train " + train
                    + ", test " + test + ", noise " + noise);
        }
        int h = hidden(inputs);
        double[] t1 = gaussian(RandomStreams.dataset(seed, PART_T1), h * inputs, 1 / Math.sqrt(inputs));
        double[] t2 = gaussian(RandomStreams.dataset(seed, PART_T2), outputs * h,
                1 / Math.sqrt(TANH_SECOND_MOMENT * h));
        double[] trainX = gaussian(RandomStreams.dataset(seed, PART_TRAIN_X), train * inputs, 1);
        double[] testX = gaussian(RandomStreams.dataset(seed, PART_TEST_X), test * inputs, 1);
        double[] trainY = teacher(t1, t2, trainX, train, inputs, h, outputs);
        double[] testY = teacher(t1, t2, testX, test, inputs, h, outputs);
        addNoise(RandomStreams.dataset(seed, PART_TRAIN_NOISE), trainY, noise);
        addNoise(RandomStreams.dataset(seed, PART_TEST_NOISE), testY, noise);
        return new Dataset("teacher", inputs, 0, outputs, trainX, trainY, null, testX, testY, null);
    }

    private static double[] gaussian(UniformRandomProvider rng, int n, double sd) {
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = sd * normal.sample();
        }
        return x;
    }

    /** Clean targets T2 tanh(T1 x) of {@code n} rows; one hidden vector per row. */
    private static double[] teacher(double[] t1, double[] t2, double[] x, int n, int inputs, int h, int outputs) {
        double[] y = new double[n * outputs];
        double[] hid = new double[h];
        for (int r = 0; r < n; r++) {
            int xo = r * inputs;
            for (int j = 0; j < h; j++) {
                double s = 0;
                int to = j * inputs;
                for (int i = 0; i < inputs; i++) {
                    s += t1[to + i] * x[xo + i];
                }
                hid[j] = StrictMath.tanh(s); // StrictMath: the same targets on every JVM
            }
            for (int o = 0; o < outputs; o++) {
                double s = 0;
                int to = o * h;
                for (int j = 0; j < h; j++) {
                    s += t2[to + j] * hid[j];
                }
                y[r * outputs + o] = s;
            }
        }
        return y;
    }

    private static void addNoise(UniformRandomProvider rng, double[] y, double noise) {
        if (noise == 0) {
            return;
        }
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(rng);
        for (int i = 0; i < y.length; i++) {
            y[i] += noise * normal.sample();
        }
    }
}
