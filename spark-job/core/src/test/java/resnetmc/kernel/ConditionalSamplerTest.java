package resnetmc.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;
import resnetmc.rng.RandomStreams;

/** Pathwise properties of the conditional sampler and of checkpointing, for both samplers. */
class ConditionalSamplerTest {

    static Cell cell(Architecture arch, Activation act, Sampler sampler, WeightDistribution law, int d, int depth,
                     double beta) {
        return new Cell(arch, arch == Architecture.RES_3 ? Activation.RELU : act, law, d, depth, new Scaling.Beta(beta), InputKind.GAUSSIAN, LossKind.QUADRATIC, sampler);
    }

    /**
     * The conditional backward pass is that of a real network: V = (V g^) g^^T + V~ (I - g^ g^^T) agrees
     * with the forward draw V g, and likewise W. So for a positively homogeneous branch J_k h_k = V g_k
     * (Euler for sigma: sigma'(a) a = sigma(a)), h_{k+1} = (I + alpha J_k) h_k, and
     * p_0 . h_0 = p_L . h_L holds trial by trial, as for the dense sampler (THEORY.md section 1). A
     * backward pass that used fresh draws without the conditional term, or another layer's W h,
     * breaks it at O(1).
     */
    @Test
    void eulerIdentityHoldsTrialByTrial() {
        for (Architecture arch : Architecture.values()) {
            Cell c = cell(arch, Activation.leakyRelu(0.75), Sampler.CONDITIONAL, WeightDistribution.GAUSSIAN, 64, 500,
                    0.5);
            ResidualKernel k = Kernels.of(c, 8);
            for (int t = 0; t < 5; t++) {
                TrialOutcome o = k.run(RandomStreams.of(9, c.id(), t));
                assertTrue(o.eulerGap() < 1e-11, arch + " gap " + o.eulerGap());
            }
        }
    }

    /**
     * With checkpointing forced (storage budget 0: segments of ceil(sqrt(L)) layers, recomputed from
     * the layers' streams in the backward pass), every output is bit-identical to full storage, for
     * depths that are and are not multiples of the segment length.
     */
    @Test
    void checkpointingIsBitIdentical() {
        for (Sampler sampler : new Sampler[] {Sampler.DENSE, Sampler.CONDITIONAL}) { // the two that checkpoint
            for (int depth : new int[] {1, 16, 37}) {
                for (Architecture arch : Architecture.values()) {
                    Cell c = cell(arch, Activation.TANH, sampler, WeightDistribution.GAUSSIAN, 6, depth, 0.3);
                    int[] layers = Trajectory.layers(depth, 7);
                    ResidualKernel full = sampler == Sampler.DENSE ? new DenseSampler(c, layers)
                            : new ConditionalSampler(c, layers);
                    ResidualKernel check = sampler == Sampler.DENSE ? new DenseSampler(c, layers, 0)
                            : new ConditionalSampler(c, layers, 0);
                    assertFalse(full.checkpointed());
                    assertEquals(depth > 1, check.checkpointed());
                    for (int t = 0; t < 3; t++) {
                        TrialOutcome a = full.run(RandomStreams.of(4, c.id(), t));
                        TrialOutcome b = check.run(RandomStreams.of(4, c.id(), t));
                        String what = sampler + " " + arch + " L=" + depth;
                        assertEquals(a.log10RFwd(), b.log10RFwd(), 0.0, what);
                        assertEquals(a.log10RBwd(), b.log10RBwd(), 0.0, what);
                        assertEquals(a.log10PRatio(), b.log10PRatio(), 0.0, what);
                        assertArrayEquals(a.trajLog10H(), b.trajLog10H(), 0.0, what);
                        assertArrayEquals(a.trajLog10P(), b.trajLog10P(), 0.0, what);
                    }
                }
            }
        }
    }

    @Test
    void gaussianOnly() {
        assertThrows(IllegalArgumentException.class, () -> Kernels.of(cell(Architecture.RES_3, Activation.RELU,
                Sampler.CONDITIONAL, WeightDistribution.UNIFORM, 4, 4, 0.5), 2));
    }

    /** Same overflow test as the dense sampler's: log10 r_fwd near 2000 stays finite at L = 10^5. */
    @Test
    void noOverflow() {
        Cell c = cell(Architecture.RES_1, Activation.IDENTITY, Sampler.CONDITIONAL, WeightDistribution.GAUSSIAN, 4,
                100_000, 0.1);
        TrialOutcome o = Kernels.of(c, 16).run(RandomStreams.of(3, c.id(), 0));
        assertTrue(o.finite());
        assertTrue(o.log10RFwd() > 308 && o.log10RFwd() < 4139, "log10 r_fwd " + o.log10RFwd());
        assertTrue(o.log10RBwd() > 308 && o.log10RBwd() < 4139, "log10 r_bwd " + o.log10RBwd());
    }
}
