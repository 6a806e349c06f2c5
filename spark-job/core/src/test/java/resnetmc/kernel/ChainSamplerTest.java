package resnetmc.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;
import resnetmc.model.WeightProcess;
import resnetmc.rng.RandomStreams;

/** Pathwise properties of the chain sampler: Euler's identity, reproducibility, checkpoints, memory, overflow. */
class ChainSamplerTest {
    /** The four supported branches. */
    static final Object[][] BRANCHES = {
        {Architecture.RES_3, Activation.RELU},
        {Architecture.RES_2, Activation.leakyRelu(0.8)},
        {Architecture.RES_2, Activation.IDENTITY},
        {Architecture.RES_1, Activation.IDENTITY},
    };

    static Cell cell(Architecture arch, Activation act, int d, int depth, double beta, LossKind loss,
                     InputKind input) {
        return new Cell(arch, act, WeightDistribution.GAUSSIAN, d, depth, new Scaling.Beta(beta), input, loss,
                Sampler.CHAIN);
    }

    /**
     * p_0 . h_0 = p_L . h_L trial by trial for a positively homogeneous branch (THEORY.md section 1): each
     * backward step changes p . h_k by exactly (h_{k+1} - h_k) . p_{k+1}, so a step that used the wrong
     * frame, rotation or layer record breaks it at O(1). The gap is relative to ||p_L|| ||h_L||; 1e-12 is
     * about 1e4 ulps, the rounding of a few hundred layers.
     */
    @Test
    void eulerIdentityHoldsTrialByTrial() {
        for (Object[] br : BRANCHES) {
            for (LossKind loss : LossKind.values()) {
                for (double beta : new double[] {0.25, 0.5, 1.0}) {
                    Cell c = cell((Architecture) br[0], (Activation) br[1], 8, 300, beta, loss, InputKind.GAUSSIAN);
                    ChainSampler k = new ChainSampler(c, Trajectory.layers(300, 8), true);
                    for (int t = 0; t < 20; t++) {
                        TrialOutcome o = k.run(RandomStreams.of(9, c.id(), t));
                        assertTrue(o.eulerGap() < 1e-12, c.key() + " gap " + o.eulerGap());
                        assertTrue(o.finite());
                    }
                }
            }
        }
    }

    /**
     * The trajectories end where the ratios are: log10 ||h_L|| / ||h_0|| is the last forward point and
     * log10 ||p_0|| / ||p_L|| the first backward point (layer 0), the others being 0 at their start; and
     * (rho - 1)^2 <= r_fwd <= (rho + 1)^2 for rho = ||h_L|| / ||h_0|| (triangle inequality).
     */
    @Test
    void columnsAreConsistent() {
        for (Object[] br : BRANCHES) {
            Cell c = cell((Architecture) br[0], (Activation) br[1], 10, 120, 0.5, LossKind.QUADRATIC,
                    InputKind.GAUSSIAN);
            ChainSampler k = new ChainSampler(c, Trajectory.layers(120, 9), true);
            for (int t = 0; t < 10; t++) {
                TrialOutcome o = k.run(RandomStreams.of(8, c.id(), t));
                double[] th = o.trajLog10H();
                double[] tp = o.trajLog10P();
                assertEquals(0.0, th[0], 0.0);
                assertEquals(o.log10HRatio(), th[th.length - 1], 1e-12);
                assertEquals(0.0, tp[tp.length - 1], 0.0);
                assertEquals(o.log10PRatio(), tp[0], 1e-12);
                double rho = o.hRatio();
                assertTrue((rho - 1) * (rho - 1) <= o.rFwd() * (1 + 1e-12) && o.rFwd() <= (rho + 1) * (rho + 1)
                        * (1 + 1e-12), c.key());
            }
        }
    }

    /** Same seed, same numbers, bit for bit, from a fresh kernel or a reused one. */
    @Test
    void sameSeedSameOutcome() {
        Cell c = cell(Architecture.RES_2, Activation.leakyRelu(0.75), 50, 200, 0.5, LossKind.QUADRATIC,
                InputKind.DATA);
        ChainSampler k1 = new ChainSampler(c, Trajectory.layers(200, 9), true);
        ChainSampler k2 = new ChainSampler(c, Trajectory.layers(200, 9), true);
        TrialOutcome other = k2.run(RandomStreams.of(3, c.id(), 7));
        for (int t = 0; t < 5; t++) {
            TrialOutcome a = k1.run(RandomStreams.of(3, c.id(), t));
            TrialOutcome b = k2.run(RandomStreams.of(3, c.id(), t));
            assertIdentical(a, b, "trial " + t);
        }
        assertFalse(other.log10RFwd() == k1.run(RandomStreams.of(3, c.id(), 8)).log10RFwd());
    }

    /**
     * Checkpointed (storage budget 0: segments of ceil(sqrt L) layers regenerated from the saved
     * generator state) and fully stored backward passes agree bit for bit, for depths that are and are
     * not multiples of the segment, every branch; and the forward columns do not depend on whether the
     * backward pass runs (it has its own stream).
     */
    @Test
    void checkpointingIsBitIdentical() {
        for (Object[] br : BRANCHES) {
            for (int depth : new int[] {1, 2, 16, 37, 1000}) {
                Cell c = cell((Architecture) br[0], (Activation) br[1], 6, depth, 0.3, LossKind.QUADRATIC,
                        InputKind.GAUSSIAN);
                int[] layers = Trajectory.layers(depth, 7);
                ChainSampler full = new ChainSampler(c, layers, true);
                ChainSampler check = new ChainSampler(c, layers, true, 0);
                ChainSampler fwdOnly = new ChainSampler(c, layers, false);
                assertFalse(full.checkpointed());
                assertEquals(Math.ceil(Math.sqrt(depth)) < depth, check.checkpointed());
                for (int t = 0; t < 3; t++) {
                    TrialOutcome a = full.run(RandomStreams.of(4, c.id(), t));
                    TrialOutcome b = check.run(RandomStreams.of(4, c.id(), t));
                    assertIdentical(a, b, c.key());
                    TrialOutcome f = fwdOnly.run(RandomStreams.of(4, c.id(), t));
                    assertEquals(a.log10RFwd(), f.log10RFwd(), 0.0);
                    assertEquals(a.log10HRatio(), f.log10HRatio(), 0.0);
                    assertEquals(a.log10H0Norm(), f.log10H0Norm(), 0.0);
                    assertArrayEquals(a.trajLog10H(), f.trajLog10H(), 0.0);
                    assertTrue(Double.isNaN(f.log10RBwd()) && Double.isNaN(f.log10PRatio())
                            && Double.isNaN(f.trajLog10P()[0]) && Double.isNaN(f.eulerGap()));
                }
            }
        }
    }

    /**
     * L = 10^6, forward and backward: the backward pass holds ceil(sqrt L) = 1000 layer records and
     * saves 1000 checkpoints (one per segment), not 10^6 records; Euler's identity still holds.
     */
    @Test
    void millionLayersInSqrtMemory() {
        int depth = 1_000_000;
        Cell c = cell(Architecture.RES_3, Activation.RELU, 1_000_000_000, depth, 0.5, LossKind.RANDOM_DIRECTION,
                InputKind.GAUSSIAN);
        ChainSampler k = new ChainSampler(c, Trajectory.layers(depth, 16), true);
        TrialOutcome o = k.run(RandomStreams.of(5, c.id(), 0));
        assertTrue(k.checkpointed());
        assertEquals(1000, k.recordCapacity());
        assertEquals(1000, k.checkpointsSaved());
        assertTrue(o.finite());
        assertTrue(o.eulerGap() < 1e-9, "gap " + o.eulerGap());
        assertTrue(ChainSampler.bytesPerTrial(c, true) < 1L << 20);
    }

    /**
     * beta = 0.1 at L = 10^5 (alpha = 0.316): log ||h_L||^2 grows by about L alpha^2 / 2 = 5000, so
     * ||h_L|| and ||p_0|| pass 1e1000; the log10 columns stay finite and Euler's identity holds. At d = 1024
     * the backward state's part orthogonal to the frame outweighs the other three (its norm grows like sqrt d),
     * so the rescaling must count it: a sum that left it out would let delta overflow.
     */
    @Test
    void deepSmallBetaStaysFinite() {
        for (Object[] br : BRANCHES) {
          for (int d : new int[] {16, 1024}) {
            Cell c = cell((Architecture) br[0], (Activation) br[1], d, 100_000, 0.1, LossKind.QUADRATIC,
                    InputKind.GAUSSIAN);
            ChainSampler k = new ChainSampler(c, Trajectory.layers(c.depth(), 8), true);
            TrialOutcome o = k.run(RandomStreams.of(6, c.id(), 0));
            assertTrue(o.finite(), c.key());
            assertTrue(o.log10HRatio() > 400, c.key() + " " + o.log10HRatio());
            assertTrue(o.log10PRatio() > 400, c.key() + " " + o.log10PRatio());
            assertTrue(o.log10RFwd() > 800, c.key());
            assertTrue(o.eulerGap() < 1e-9, c.key() + " gap " + o.eulerGap());
          }
        }
    }

    /**
     * The cells the chain cannot sample exactly are named by {@link ChainSampler#unsupported} (asked of
     * conditional/dense cells of the same parameters), and a chain cell of them cannot be built.
     */
    @Test
    void refusesWhatItCannotSample() {
        Cell ok = cell(Architecture.RES_3, Activation.RELU, 4, 10, 0.5, LossKind.QUADRATIC, InputKind.GAUSSIAN);
        assertNull(ChainSampler.unsupported(ok));
        List<Cell> unsupported = List.of(
                other(Architecture.RES_3, Activation.RELU, WeightDistribution.GAUSSIAN, 3),
                other(Architecture.RES_2, Activation.TANH, WeightDistribution.GAUSSIAN, 16),
                other(Architecture.RES_1, Activation.leakyRelu(0.8), WeightDistribution.GAUSSIAN, 16),
                other(Architecture.RES_3, Activation.RELU, WeightDistribution.UNIFORM, 16),
                new Cell(Architecture.RES_3, Activation.RELU, WeightDistribution.GAUSSIAN, 16, 10,
                        new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.QUADRATIC, Sampler.DENSE,
                        new WeightProcess.Fbm(0.7)));
        for (Cell c : unsupported) {
            assertNotNull(ChainSampler.unsupported(c), c.key());
            assertThrows(IllegalArgumentException.class, () -> new Cell(c.arch(), c.activation(), c.distribution(),
                    c.width(), c.depth(), c.scaling(), c.input(), c.loss(), Sampler.CHAIN, c.weights()), c.key());
        }
        assertTrue(Kernels.trialKernel(ok, 4, true) instanceof ChainSampler);
    }

    private static Cell other(Architecture arch, Activation act, WeightDistribution law, int d) {
        return new Cell(arch, act, law, d, 10, new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.QUADRATIC,
                law == WeightDistribution.GAUSSIAN ? Sampler.CONDITIONAL : Sampler.DENSE);
    }

    static void assertIdentical(TrialOutcome a, TrialOutcome b, String what) {
        assertEquals(a.log10RFwd(), b.log10RFwd(), 0.0, what);
        assertEquals(a.log10RBwd(), b.log10RBwd(), 0.0, what);
        assertEquals(a.log10HRatio(), b.log10HRatio(), 0.0, what);
        assertEquals(a.log10PRatio(), b.log10PRatio(), 0.0, what);
        assertEquals(a.log10H0Norm(), b.log10H0Norm(), 0.0, what);
        assertEquals(a.eulerGap(), b.eulerGap(), 0.0, what);
        assertArrayEquals(a.trajLog10H(), b.trajLog10H(), 0.0, what);
        assertArrayEquals(a.trajLog10P(), b.trajLog10P(), 0.0, what);
    }

    /**
     * Leaky ReLU with slope 0 (the grid accepts [0, 1]) is ReLU: a layer with no active unit (probability 2^-d,
     * K = 0) is dead, so the gradient passes it unchanged. Before the fix its backward step computed 0 x Infinity
     * and the trial's backward columns were NaN (trials 2, 7, 9, 37 and 38 of this cell among the first 64).
     * Every trial must be finite and satisfy Euler's identity p_0 . h_0 = p_L . h_L pathwise (relative gap below
     * 1e-12, as for every other branch).
     */
    @Test
    void leakySlopeZeroSurvivesDeadLayers() {
        Cell cell = new Cell(Architecture.RES_2, Activation.leakyRelu(0.0), WeightDistribution.GAUSSIAN, 4, 3,
                new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.RANDOM_DIRECTION, Sampler.CHAIN, WeightProcess.IID);
        ChainSampler chain = new ChainSampler(cell, Trajectory.layers(3, 4), true);
        for (int t = 0; t < 64; t++) {
            TrialOutcome o = chain.run(RandomStreams.of(1, cell.id(), t));
            assertTrue(Double.isFinite(o.log10RBwd()) && Double.isFinite(o.log10PRatio()), "trial " + t + ": " + o);
            assertTrue(o.eulerGap() < 1e-12, "trial " + t + " Euler gap " + o.eulerGap());
        }
    }
}
