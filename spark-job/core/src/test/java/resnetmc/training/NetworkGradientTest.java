package resnetmc.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.rng.RandomStreams;

/**
 * Hand-written backpropagation against central finite differences, for every architecture, with and
 * without dropout (a fixed mask: the same generator seed for every evaluation) and batch norm, for both
 * losses, on a tiny network (n_in = 5, d = 4, L = 3, n_out = 3, batch 4).
 *
 * <p>Tolerance: central differences with step h = 1e-5 have truncation error h^2 |f'''| / 6 ~ 1e-10
 * here (the losses and their derivatives are O(1)) and rounding error ~ eps |f| / h ~ 1e-11, so a
 * correct gradient agrees to about 1e-9; a wrong term (a missing alpha, a transposed product, a
 * dropped batch-norm term) is off by O(0.01 - 1). Every coordinate is compared with
 * |g - fd| <= 1e-6 (1 + |fd|).
 */
class NetworkGradientTest {
    private static final int N_IN = 5;
    private static final int D = 4;
    private static final int L = 3;
    private static final int N_OUT = 3;
    private static final int BATCH = 4;
    private static final double H = 1e-5;

    static Stream<Arguments> networks() {
        Stream.Builder<Arguments> b = Stream.builder();
        Object[][] archs = {
            {Architecture.RES_1, Activation.TANH},
            {Architecture.RES_1, Activation.leakyRelu(0.8)},
            {Architecture.RES_2, Activation.TANH},
            {Architecture.RES_2, Activation.leakyRelu(0.8)},
            {Architecture.RES_3, Activation.RELU},
        };
        for (Object[] a : archs) {
            for (double dropout : new double[] {0.0, 0.3}) {
                for (boolean bn : new boolean[] {false, true}) {
                    for (boolean classifier : new boolean[] {true, false}) {
                        b.add(Arguments.of(a[0], a[1], dropout, bn, classifier));
                    }
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1} dropout={2} bn={3} classifier={4}")
    @MethodSource("networks")
    void gradientMatchesFiniteDifferences(Architecture arch, Activation act, double dropout, boolean bn,
                                          boolean classifier) {
        NetworkSpec spec = new NetworkSpec(arch, act, D, L, Math.pow(L, -0.5), N_IN, N_OUT, classifier, dropout, bn);
        Network net = new Network(spec, BATCH, Gemm.BLAS);
        net.initialise(RandomStreams.of(7, 11, 0), null);
        double[] params = net.params();
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(3L);
        if (bn) {
            // Scales and shifts away from 1 and 0 so their gradients are generic.
            for (int k = 1; k <= L; k++) {
                for (int i = 0; i < 2 * D; i++) {
                    params[spec.bnOffset(k) + i] = (i < D ? 1 : 0) + 0.3 * (rng.nextDouble() - 0.5);
                }
            }
        }
        double[] x = new double[BATCH * N_IN];
        double[] y = new double[BATCH * N_OUT];
        int[] labels = new int[BATCH];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * rng.nextDouble() - 1;
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = 2 * rng.nextDouble() - 1;
        }
        for (int i = 0; i < BATCH; i++) {
            labels[i] = rng.nextInt(N_OUT);
        }
        double[] grad = new double[params.length];
        double[] scratch = new double[params.length];
        net.lossAndGradient(x, 0, y, 0, labels, 0, BATCH, mask(dropout), grad);
        assertTrue(Trainer.norm(grad) > 1e-3, "a non-trivial gradient");
        int checked = 0;
        for (int i = 0; i < params.length; i++) {
            double keep = params[i];
            params[i] = keep + H;
            double up = net.lossAndGradient(x, 0, y, 0, labels, 0, BATCH, mask(dropout), scratch);
            params[i] = keep - H;
            double down = net.lossAndGradient(x, 0, y, 0, labels, 0, BATCH, mask(dropout), scratch);
            params[i] = keep;
            double fd = (up - down) / (2 * H);
            assertEquals(fd, grad[i], 1e-6 * (1 + Math.abs(fd)), "parameter " + i + " of " + params.length);
            checked++;
        }
        assertEquals(spec.parameterCount(), checked);
    }

    /** The same dropout mask at every call: a generator from one fixed seed (null without dropout). */
    private static UniformRandomProvider mask(double dropout) {
        return dropout > 0 ? RandomSource.XO_RO_SHI_RO_128_PP.create(99L) : null;
    }

    /**
     * The benchmark's plain-loop products give the same gradient as BLAS dgemm up to the order of
     * summation (relative 1e-12 on d = 16, L = 8, batch 32, every architecture with batch norm and dropout).
     */
    @Test
    void loopsAgreeWithBlas() {
        for (Architecture arch : Architecture.values()) {
            Activation act = arch == Architecture.RES_3 ? Activation.RELU : Activation.TANH;
            NetworkSpec spec = new NetworkSpec(arch, act, 16, 8, 0.3, 7, 3, true, 0.2, true);
            Network a = new Network(spec, 32, Gemm.BLAS);
            Network b = new Network(spec, 32, Gemm.LOOPS);
            a.initialise(RandomStreams.of(1, 2, 3), null);
            b.initialise(RandomStreams.of(1, 2, 3), null);
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5L);
            double[] x = new double[32 * 7];
            int[] labels = new int[32];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextDouble();
            }
            for (int i = 0; i < 32; i++) {
                labels[i] = rng.nextInt(3);
            }
            double[] ga = new double[spec.parameterCount()];
            double[] gb = new double[spec.parameterCount()];
            double la = a.lossAndGradient(x, 0, null, 0, labels, 0, 32, mask(0.2), ga);
            double lb = b.lossAndGradient(x, 0, null, 0, labels, 0, 32, mask(0.2), gb);
            assertEquals(la, lb, 1e-12 * Math.abs(la));
            double scale = Trainer.norm(ga);
            for (int i = 0; i < ga.length; i++) {
                assertEquals(ga[i], gb[i], 1e-12 * scale, arch + " parameter " + i);
            }
        }
    }
}
