package resnetmc.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.WeightDistribution;
import resnetmc.rng.RandomStreams;
import resnetmc.rng.TrialStreams;

/** Pathwise properties of the dense forward/backward pass: exact identities, no statistics. */
class DenseSamplerTest {

    static Stream<Arguments> branches() {
        List<Arguments> out = new ArrayList<>();
        for (Architecture arch : new Architecture[] {Architecture.RES_1, Architecture.RES_2}) {
            for (Activation act : new Activation[] {Activation.IDENTITY, Activation.RELU, Activation.leakyRelu(0.8),
                    Activation.TANH}) {
                out.add(Arguments.of(arch, act));
            }
        }
        out.add(Arguments.of(Architecture.RES_3, Activation.RELU));
        return out.stream();
    }

    /**
     * p_0 = dLoss/dh_0 from the backward pass equals the central finite difference of the loss along
     * every coordinate, with the weights held fixed by re-reading the same streams. Step 1e-6 gives a
     * truncation error O(eps^2 |L'''|) ~ 1e-12 and a rounding error O(1e-16 / eps) ~ 1e-10 relative
     * to the loss; 1e-6 relative to ||p_0|| leaves room for both. ReLU kinks within 1e-6 of a
     * pre-activation have probability ~1e-6 per unit.
     */
    @ParameterizedTest
    @MethodSource("branches")
    void backwardMatchesFiniteDifferences(Architecture arch, Activation act) {
        int d = 7;
        int depth = 6;
        Cell cell = Cells.withAlpha(arch, act, d, depth, 0.6, InputKind.GAUSSIAN);
        DenseSampler s = new DenseSampler(cell, Trajectory.layers(depth, 4));
        TrialStreams streams = RandomStreams.of(42, cell.id(), 3);
        InputDraw in = InputDraw.draw(streams.inputs(), d, cell.input(), cell.loss());

        s.forward(in.h0, streams);
        double[] pL = new double[d];
        double scale = in.gradientAt(s.hidden(depth), 0.0, pL);
        double t = s.backward(pL, scale, streams);
        double[] p0 = s.gradient();
        for (int i = 0; i < d; i++) {
            p0[i] *= Math.exp(t);
        }

        double eps = 1e-6;
        double norm = Vectors.norm(p0, d);
        for (int i = 0; i < d; i++) {
            double[] plus = in.h0.clone();
            double[] minus = in.h0.clone();
            plus[i] += eps;
            minus[i] -= eps;
            s.forward(plus, streams);
            double lp = in.quadraticLoss(s.hidden(depth));
            s.forward(minus, streams);
            double lm = in.quadraticLoss(s.hidden(depth));
            double fd = (lp - lm) / (2 * eps);
            assertEquals(fd, p0[i], 1e-6 * norm, arch + " " + act + " coordinate " + i);
        }
    }

    /**
     * Euler's identity: for a positively homogeneous branch h_L is homogeneous of degree 1 in h_0, so
     * p_0 . h_0 = p_L . h_L exactly (THEORY.md section 1); the kernel reports the gap relative to
     * ||p_L|| ||h_L||, which must be rounding-level. A backward pass that reused another layer's
     * weights would give an O(1) gap.
     */
    @Test
    void eulerIdentityHoldsTrialByTrial() {
        for (Architecture arch : Architecture.values()) {
            for (WeightDistribution law : WeightDistribution.values()) {
                Cell cell = Cells.of(arch, Activation.leakyRelu(0.75), law, 24, 200, 0.5, LossKind.QUADRATIC);
                DenseSampler s = new DenseSampler(cell, Trajectory.layers(200, 8));
                for (int trial = 0; trial < 5; trial++) {
                    TrialOutcome o = s.run(RandomStreams.of(7, cell.id(), trial));
                    assertTrue(o.eulerGap() < 1e-11, arch + " " + law + " gap " + o.eulerGap());
                }
            }
        }
    }

    /** Same (seed, cell, trial): bit-identical outcome, whatever ran before on the sampler. */
    @Test
    void sameStreamSameOutcome() {
        Cell cell = Cells.of(Architecture.RES_2, Activation.TANH, WeightDistribution.UNIFORM, 16, 50, 0.5,
                LossKind.QUADRATIC);
        DenseSampler a = new DenseSampler(cell, Trajectory.layers(50, 8));
        DenseSampler b = new DenseSampler(cell, Trajectory.layers(50, 8));
        TrialOutcome first = a.run(RandomStreams.of(1, cell.id(), 9));
        b.run(RandomStreams.of(1, cell.id(), 10)); // dirty b's workspace first
        TrialOutcome again = b.run(RandomStreams.of(1, cell.id(), 9));
        assertEquals(first.log10RFwd(), again.log10RFwd(), 0.0);
        assertEquals(first.log10RBwd(), again.log10RBwd(), 0.0);
        assertArrayEquals(first.trajLog10H(), again.trajLog10H(), 0.0);
        TrialOutcome other = a.run(RandomStreams.of(1, cell.id(), 10));
        assertNotEquals(first.log10RFwd(), other.log10RFwd());
    }

    /**
     * With beta = 0.1 and L = 10^5 the norms pass 1e308: identity res-1 has
     * log E r_fwd = L log(1 + alpha^2) = 10^5 log(1.1) = 9531 nats, i.e. log10 E r_fwd = 4139, and the
     * typical value is below the mean (Jensen) but far above 308 (each layer adds about
     * alpha^2 (1 - 2/d) = 0.05 nats to log ||h||^2 at d = 4, so log10 r_fwd is near 2000). The log-scale
     * representation keeps every log10 value finite; the plain ratios overflow to infinity, as
     * documented.
     */
    @Test
    void noOverflowForHomogeneousBranches() {
        int depth = 100_000;
        Cell cell = Cells.of(Architecture.RES_1, Activation.IDENTITY, WeightDistribution.RADEMACHER, 4, depth, 0.1,
                LossKind.QUADRATIC);
        DenseSampler s = new DenseSampler(cell, Trajectory.layers(depth, 16));
        TrialOutcome o = s.run(RandomStreams.of(3, cell.id(), 0));
        assertTrue(o.finite());
        assertTrue(o.log10RFwd() > 308 && o.log10RFwd() < 4139, "log10 r_fwd " + o.log10RFwd());
        assertTrue(o.log10RBwd() > 308 && o.log10RBwd() < 4139, "log10 r_bwd " + o.log10RBwd());
        assertEquals(Double.POSITIVE_INFINITY, o.rFwd());
        assertTrue(o.eulerGap() < 1e-8, "Euler gap " + o.eulerGap());
        double[] traj = o.trajLog10H();
        assertEquals(0.0, traj[0], 0.0);
        assertEquals(o.log10HRatio(), traj[traj.length - 1], 1e-9);
    }

    /** tanh at a huge input scale: the kernel does not crash and reports what it measured. */
    @Test
    void tanhIsCarriedAsIs() {
        Cell cell = Cells.withAlpha(Architecture.RES_1, Activation.TANH, 8, 20, 0.3, InputKind.UNIT);
        DenseSampler s = new DenseSampler(cell, Trajectory.layers(20, 5));
        TrialOutcome o = s.run(RandomStreams.of(3, cell.id(), 0));
        assertTrue(o.finite());
        assertTrue(Double.isNaN(o.eulerGap()));
        assertEquals(0.0, o.log10H0Norm(), 1e-15); // unit input: ||h_0|| = 1
    }

    /** Trajectory layers: 0 and L always included, strictly increasing, at most the requested count. */
    @Test
    void trajectoryLayers() {
        assertArrayEquals(new int[] {0, 1}, Trajectory.layers(1, 32));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, Trajectory.layers(5, 32));
        assertArrayEquals(new int[] {0, 1, 10, 100}, Trajectory.layers(100, 4)); // 100^0, 100^1/2, 100^1
        int[] l = Trajectory.layers(1000, 32);
        assertEquals(32, l.length);
        assertEquals(0, l[0]);
        assertEquals(1000, l[l.length - 1]);
        for (int i = 1; i < l.length; i++) {
            assertTrue(l[i] > l[i - 1]);
        }
        assertFalse(Trajectory.layers(10, 32).length > 11);
    }
}
