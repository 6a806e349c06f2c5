package resnetmc.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * Pathwise laws of the vector samplers at the smallest widths, deterministic: at d = 1 a ReLU branch is
 * dead (g = 0) at about half the layers, and d = 1..5 run every tail of the blocked loops. Euler's identity
 * p_0 . h_0 = p_L . h_L holds trial by trial for every positively homogeneous branch (THEORY.md section 1;
 * a dead layer changes neither h nor p . h), whichever sampler draws the weights, with every loss; the gap
 * is relative to ||p_L|| ||h_L||, 1e-11 being rounding over 40 layers.
 */
class SmallWidthIdentitiesTest {

    @Test
    void eulerAtSmallWidths() {
        Object[][] branches = {{Architecture.RES_3, Activation.RELU}, {Architecture.RES_1, Activation.RELU},
            {Architecture.RES_2, Activation.leakyRelu(0.3)}, {Architecture.RES_1, Activation.IDENTITY},
            {Architecture.RES_2, Activation.IDENTITY}};
        for (Sampler sampler : new Sampler[] {Sampler.CONDITIONAL, Sampler.DENSE}) {
            for (Object[] br : branches) {
                for (int d = 1; d <= 5; d++) {
                    for (LossKind loss : LossKind.values()) {
                        Cell c = new Cell((Architecture) br[0], (Activation) br[1], WeightDistribution.GAUSSIAN, d, 40,
                                new Scaling.Explicit(0.7), InputKind.GAUSSIAN, loss, sampler);
                        ResidualKernel k = Kernels.of(c, 5);
                        for (int t = 0; t < 8; t++) {
                            TrialOutcome o = k.run(RandomStreams.of(12, c.id(), t));
                            assertTrue(o.eulerGap() < 1e-11, c.key() + " trial " + t + " gap " + o.eulerGap());
                            // res-1 ReLU with every entry of h_0 negative never moves (P = 2^-d): r_fwd and r_bwd
                            // are 0 up to rounding, and where the rounding is exact a log10 is -inf and the trial
                            // is flagged not finite
                            boolean stuck = br[0] == Architecture.RES_1 && br[1] == Activation.RELU
                                    && (o.log10RFwd() == Double.NEGATIVE_INFINITY
                                    || o.log10RBwd() == Double.NEGATIVE_INFINITY);
                            assertTrue(o.finite() || stuck, c.key() + " trial " + t);
                        }
                    }
                }
            }
        }
    }

    /**
     * At d = 1 the res-1 ReLU branch is h + alpha v relu(h): a negative h_0 never moves (every layer dead),
     * so h_L = h_0 and p_0 = p_L up to the rounding of renormalising the states at each layer: log10 r_fwd
     * and log10 r_bwd are below -25 (-inf where the rounding is exact), and both norm ratios are 1.
     * Found by scanning trials for a negative h_0 (half of them).
     */
    @Test
    void deadBranchLeavesTheStateAlone() {
        for (Sampler sampler : new Sampler[] {Sampler.CONDITIONAL, Sampler.DENSE}) {
            Cell c = new Cell(Architecture.RES_1, Activation.RELU, WeightDistribution.GAUSSIAN, 1, 10,
                    new Scaling.Explicit(0.7), InputKind.GAUSSIAN, LossKind.RANDOM_DIRECTION, sampler);
            ResidualKernel k = Kernels.of(c, 3);
            int dead = 0;
            for (int t = 0; t < 10; t++) {
                var streams = RandomStreams.of(3, c.id(), t);
                double h0 = InputDraw.draw(streams.inputs(), 1, c.input(), c.loss()).h0[0];
                TrialOutcome o = k.run(streams);
                if (h0 < 0) {
                    dead++;
                    assertTrue(o.log10RFwd() < -25, sampler + " trial " + t + ": " + o.log10RFwd());
                    assertTrue(o.log10RBwd() < -25, sampler + " trial " + t + ": " + o.log10RBwd());
                    assertEquals(0.0, o.log10HRatio(), 1e-14);
                    assertEquals(0.0, o.log10PRatio(), 1e-14);
                } else {
                    assertTrue(o.log10RFwd() > -5, sampler + " trial " + t + ": " + o.log10RFwd());
                }
            }
            assertTrue(dead > 0 && dead < 10, "dead " + dead);
        }
    }

    @Test
    void conditionalNeedsGaussianWeights() {
        Cell c = new Cell(Architecture.RES_2, Activation.RELU, WeightDistribution.RADEMACHER, 4, 4,
                new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.QUADRATIC, Sampler.CONDITIONAL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConditionalSampler(c, new int[] {0, 4}));
        assertTrue(e.getMessage().contains("Gaussian weights only, not rademacher"), e.getMessage());
    }
}
