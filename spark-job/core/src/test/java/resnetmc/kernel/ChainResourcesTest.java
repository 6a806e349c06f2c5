package resnetmc.kernel;

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

/**
 * What the scheduler reads of the chain sampler, as behaviour rather than internals: the static cost and
 * memory agree with what an instance does (checkpointed or not, records held, checkpoints saved: one per
 * segment of ceil(sqrt L) layers), and the unit input has ||h_0|| = 1 exactly. Deterministic.
 */
class ChainResourcesTest {
    private static final Object[][] BRANCHES = ChainSamplerTest.BRANCHES;

    private static Cell cell(Object[] br, int depth, InputKind input) {
        return new Cell((Architecture) br[0], (Activation) br[1], WeightDistribution.GAUSSIAN, 8, depth,
                new Scaling.Beta(0.5), input, LossKind.RANDOM_DIRECTION, Sampler.CHAIN);
    }

    /**
     * L = 37 with a budget of 0: segments of ceil(sqrt 37) = 7 layers, so 6 checkpoints (layers 0, 7, ..., 35)
     * and 7 records held; L = 16: 4 segments of 4. Full storage and forward-only runs save none; a second trial
     * counts afresh.
     */
    @Test
    void checkpointsOnePerSegment() {
        for (Object[] br : BRANCHES) {
            for (int[] lc : new int[][] {{37, 7, 6}, {16, 4, 4}, {5, 3, 2}}) {
                Cell c = cell(br, lc[0], InputKind.GAUSSIAN);
                ChainSampler check = new ChainSampler(c, Trajectory.layers(lc[0], 4), true, 0);
                assertTrue(check.checkpointed());
                assertEquals(lc[1], check.recordCapacity(), c.key());
                for (int t = 0; t < 2; t++) {
                    check.run(RandomStreams.of(1, c.id(), t));
                    assertEquals(lc[2], check.checkpointsSaved(), c.key());
                }
                ChainSampler full = new ChainSampler(c, Trajectory.layers(lc[0], 4), true);
                full.run(RandomStreams.of(1, c.id(), 0));
                assertFalse(full.checkpointed());
                assertEquals(lc[0], full.recordCapacity());
                assertEquals(0, full.checkpointsSaved());
                ChainSampler fwd = new ChainSampler(c, Trajectory.layers(lc[0], 4), false, 0);
                fwd.run(RandomStreams.of(1, c.id(), 0));
                assertFalse(fwd.checkpointed());
                assertEquals(0, fwd.checkpointsSaved());
            }
        }
    }

    /**
     * The static rule (cost, bytes) and the instance agree on when the backward pass checkpoints: below the
     * 8 MiB budget the records of L layers are all held and cost and bytes grow linearly in L; above it the
     * bytes are those of ceil(sqrt L) records and the checkpoints, far below L records, and the cost is the
     * checkpointed one. The crossing depth is found by bisection on the instance, so no record size is assumed.
     */
    @Test
    void staticCostAndBytesFollowTheInstance() {
        for (Object[] br : BRANCHES) {
            int lo = 1;
            int hi = 10_000_000;
            assertTrue(new ChainSampler(cell(br, hi, InputKind.GAUSSIAN), new int[] {0, hi}, true).checkpointed());
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (new ChainSampler(cell(br, mid, InputKind.GAUSSIAN), new int[] {0, mid}, true).checkpointed()) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            // lo: the deepest cell with every record held; hi = lo + 1: the first that checkpoints
            Cell full = cell(br, lo, InputKind.GAUSSIAN);
            Cell check = cell(br, hi, InputKind.GAUSSIAN);
            String what = full.key();
            assertEquals(Sampler.chainCost(lo, true, false), ChainSampler.cost(full, true), 0.0, what);
            assertEquals(Sampler.chainCost(hi, true, true), ChainSampler.cost(check, true), 0.0, what);
            assertEquals(Sampler.chainCost(hi, false, true), ChainSampler.cost(check, false), 0.0, what);
            // linear in L while every record is held: equal steps for equal depth steps
            long b1 = ChainSampler.bytesPerTrial(cell(br, 1000, InputKind.GAUSSIAN), true);
            long b2 = ChainSampler.bytesPerTrial(cell(br, 2000, InputKind.GAUSSIAN), true);
            long b3 = ChainSampler.bytesPerTrial(cell(br, 3000, InputKind.GAUSSIAN), true);
            assertEquals(b2 - b1, b3 - b2, what);
            assertTrue(b1 < b2, what);
            long perRecord = (b2 - b1) / 1000;
            long fixedPart = b1 - 1000 * perRecord;   // the per-trial scratch beside the records
            long bFull = ChainSampler.bytesPerTrial(full, true);
            assertTrue(bFull <= ChainSampler.FULL_STORAGE_BYTES + fixedPart
                    && bFull > ChainSampler.FULL_STORAGE_BYTES / 2, what + " " + bFull);
            assertTrue(fixedPart < 64 * 1024, what + ": fixed part " + fixedPart);
            assertEquals(b1 - 1000 * perRecord, ChainSampler.bytesPerTrial(cell(br, 1, InputKind.GAUSSIAN), true)
                    - perRecord, what + ": the same fixed part");
            // checkpointed: about sqrt(L) records and checkpoints, a tiny fraction of L records
            long bCheck = ChainSampler.bytesPerTrial(check, true);
            long c = (long) Math.ceil(Math.sqrt(hi));
            assertTrue(bCheck > c * perRecord && bCheck < 4 * c * perRecord + 1024 + c * 1024, what + " " + bCheck);
            // without the backward pass nothing per layer is kept, whatever the depth
            assertEquals(ChainSampler.bytesPerTrial(cell(br, 10, InputKind.GAUSSIAN), false),
                    ChainSampler.bytesPerTrial(check, false), what);
            assertTrue(ChainSampler.bytesPerTrial(check, false) < b1, what);
        }
    }

    /** The unit input: ||h_0|| = 1 exactly, so log10 ||h_0|| = 0; a Gaussian input is not of norm 1. */
    @Test
    void unitInputHasNormOne() {
        for (Object[] br : BRANCHES) {
            Cell unit = cell(br, 20, InputKind.UNIT);
            assertEquals(0.0, new ChainSampler(unit, Trajectory.layers(20, 4), true)
                    .run(RandomStreams.of(2, unit.id(), 0)).log10H0Norm(), 0.0);
            Cell data = cell(br, 20, InputKind.DATA);
            double l = new ChainSampler(data, Trajectory.layers(20, 4), true).run(RandomStreams.of(2, data.id(), 0))
                    .log10H0Norm();
            // ||h_0||^2 = (||x||^2 / 64) chi2(8), E ||x||^2 / 64 = 1/3: log10 within a generous +-2
            assertTrue(Math.abs(l) < 2 && l != 0.0, data.key() + " " + l);
        }
    }

    /** A cell the chain cannot sample is refused by the constructor, naming the cell. */
    @Test
    void constructorRefusesNonChainCells() {
        Cell dense = new Cell(Architecture.RES_2, Activation.TANH, WeightDistribution.GAUSSIAN, 8, 10,
                new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.QUADRATIC, Sampler.CONDITIONAL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChainSampler(dense, new int[] {0, 10}, true));
        assertTrue(e.getMessage().startsWith("cell " + dense.key() + ": "), e.getMessage());
    }
}
