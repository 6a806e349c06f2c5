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
import resnetmc.rng.RandomStreams;

/** Small exact cases of the kernel left between the other tests' cases. Deterministic. */
class KernelEdgesTest {
    /**
     * points = L - 1 and L - 2 (one or two layers left out), worked by hand: L = 6, 5 points, t = (j - 1) / 3,
     * 6^t = 1, 1.82, 3.30, 6 rounds to 1, 2, 3, 6; L = 10, 9 points, 10^((j - 1) / 7) = 1, 1.39, 1.93, 2.68,
     * 3.73, 5.18, 7.20, 10 rounds to 1, 1, 2, 3, 4, 5, 7, 10 and the bumps make 1..7 consecutive; L = 13,
     * 12 points, the same with 13^((j - 1) / 10).
     */
    @Test
    void trajectoryOneOrTwoLayersShort() {
        assertArrayEquals(new int[] {0, 1, 2, 3, 6}, Trajectory.layers(6, 5));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 10}, Trajectory.layers(10, 9));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13}, Trajectory.layers(13, 12));
    }

    /**
     * tanh states are carried as they are (not unit vectors), so the cosine must divide by both norms: at
     * layer 0 the inputs (3, 0, ..) and (1/2, 1/2, 0, ..) have cosine 1/sqrt 2 (norms 3 and 1/sqrt 2, dot 3/2);
     * at every layer the cosine of the states as returned by {@link MultiInputSampler#state}.
     */
    @Test
    void multiInputCosineOfPlainStates() {
        int d = 6;
        int depth = 4;
        Cell c = Cells.withAlpha(Architecture.RES_2, Activation.TANH, d, depth, 0.9, InputKind.GAUSSIAN);
        MultiInputSampler s = new MultiInputSampler(c, 2);
        double[][] x = new double[2][d];
        x[0][0] = 3;
        x[1][0] = 0.5;
        x[1][1] = 0.5;
        s.forward(x, RandomStreams.of(7, c.id(), 1));
        assertEquals(Math.sqrt(0.5), s.cosine(0, 0, 1), 1e-15);
        assertEquals(Math.sqrt(0.5), s.cosine(0, 1, 0), 1e-15);
        for (int k = 0; k <= depth; k++) {
            double[] a = s.state(k, 0);
            double[] b = s.state(k, 1);
            double expected = Vectors.dot(a, b, d) / Math.sqrt(Vectors.dot(a, a, d) * Vectors.dot(b, b, d));
            assertEquals(expected, s.cosine(k, 0, 1), 1e-14, "layer " + k);
            assertEquals(1.0, s.cosine(k, 1, 1), 1e-14, "layer " + k);
        }
    }

    /**
     * The chain's static bytes of a checkpointed trial are what the instance holds: its records
     * ({@link ChainSampler#recordCapacity} = c, at the per-record bytes read off the linear, fully stored regime),
     * one fixed size per checkpoint (one per segment of c layers, ceil(L / c) of them, as
     * ChainResourcesTest.checkpointsOnePerSegment counts on running instances), and the same fixed scratch as
     * without checkpoints. The checkpoint size is solved from one depth and must be the same whole number of bytes
     * at three others: L the first depth past the 8 MiB crossing, 400^2 - 1 (c = 400, L = -1 mod c, where a count
     * off by the rounding of (L +- 1) / c shows), 400^2 + 1 (c = 401) and 2 L + 1; so a wrong record or checkpoint
     * count in the static rule shows.
     */
    @Test
    void chainCheckpointBytesFollowTheInstance() {
        for (Object[] br : ChainSamplerTest.BRANCHES) {
            long b1 = ChainSampler.bytesPerTrial(chainCell(br, 1000), true);
            long b2 = ChainSampler.bytesPerTrial(chainCell(br, 2000), true);
            long perRecord = (b2 - b1) / 1000;
            long fixed = b1 - 1000 * perRecord;
            // the scratch beside the records holds at least the backward block's 14 arrays of BLOCK doubles
            assertTrue(fixed >= 14L * 8 * ChainSampler.BLOCK && fixed <= 14L * 8 * ChainSampler.BLOCK + 4096,
                    "fixed part " + fixed);
            // forward only: one block of FORWARD_BLOCK records and the same scratch, whatever the depth
            assertEquals(ChainSampler.FORWARD_BLOCK * perRecord + fixed,
                    ChainSampler.bytesPerTrial(chainCell(br, 2000), false));
            int first = (int) (ChainSampler.FULL_STORAGE_BYTES / perRecord) + 1;   // first checkpointed depth
            long checkpoint = -1;
            for (int depth : new int[] {first, 400 * 400 - 1, 400 * 400 + 1, 2 * first + 1}) {
                Cell c = chainCell(br, depth);
                ChainSampler k = new ChainSampler(c, new int[] {0, depth}, true);
                assertTrue(k.checkpointed(), c.key());
                int records = k.recordCapacity();
                assertEquals((int) Math.ceil(Math.sqrt(depth)), records, c.key());
                long checkpoints = (depth + records - 1) / records;
                long rest = ChainSampler.bytesPerTrial(c, true) - fixed - records * perRecord;
                assertEquals(0, rest % checkpoints, c.key() + ": " + rest);
                if (checkpoint < 0) {
                    checkpoint = rest / checkpoints;
                    assertTrue(checkpoint > 0 && checkpoint <= 1024, c.key() + ": " + checkpoint);
                }
                assertEquals(checkpoint * checkpoints, rest, c.key());
            }
        }
    }

    private static Cell chainCell(Object[] br, int depth) {
        return ChainSamplerTest.cell((Architecture) br[0], (Activation) br[1], 8, depth, 0.5,
                LossKind.RANDOM_DIRECTION, InputKind.GAUSSIAN);
    }

    /**
     * The chain's per-layer record, as the class comment lists it: eight doubles (a / ||h||, b / ||h||, t, xi1,
     * xi2, sqrt Y, and the cosine and sine of the frame's turn) = 64 bytes, plus K (an int) for ReLU and K, X+,
     * X- for leaky ReLU: 64, 68, 84 bytes, the slope of the static bytes in L. Full storage holds while
     * L records fit 8 MiB: for 64-byte records exactly up to L = 2^23 / 64 = 131072 (at the budget itself).
     */
    @Test
    void chainRecordSizesAndTheCrossing() {
        long[] record = {68, 84, 64, 64};   // ChainSamplerTest.BRANCHES: ReLU, leaky, identity, res-1 identity
        for (int b = 0; b < record.length; b++) {
            Object[] br = ChainSamplerTest.BRANCHES[b];
            long b1 = ChainSampler.bytesPerTrial(chainCell(br, 1000), true);
            long b2 = ChainSampler.bytesPerTrial(chainCell(br, 2000), true);
            assertEquals(1000 * record[b], b2 - b1, chainCell(br, 1000).key());
            int last = (int) (ChainSampler.FULL_STORAGE_BYTES / record[b]);
            Cell full = chainCell(br, last);
            Cell check = chainCell(br, last + 1);
            assertFalse(new ChainSampler(full, new int[] {0, last}, true).checkpointed(), full.key());
            assertTrue(new ChainSampler(check, new int[] {0, last + 1}, true).checkpointed(), check.key());
        }
        assertEquals(131072, ChainSampler.FULL_STORAGE_BYTES / 64);
    }

    /**
     * {@link ResidualKernel#hidden} serves exactly the segment held after the forward pass. L = 10 with a budget
     * of 0: segments of ceil(sqrt 10) = 4 layers from 0, 4, 8, so the last one holds layers 8..10 only (shorter
     * than a segment): 8, 9, 10 are served (the same bits as with full storage), 7 and 11, 12 (inside a full
     * segment's length, beyond L) are refused.
     */
    @Test
    void hiddenServesTheShortLastSegmentOnly() {
        Cell c = Cells.withAlpha(Architecture.RES_2, Activation.RELU, 5, 10, 0.5, InputKind.GAUSSIAN);
        ConditionalSampler full = new ConditionalSampler(c, Trajectory.layers(10, 4));
        ConditionalSampler check = new ConditionalSampler(c, Trajectory.layers(10, 4), 0);
        InputDraw in = InputDraw.draw(RandomStreams.of(5, c.id(), 0).inputs(), 5, c.input(), c.loss());
        full.forward(in.h0, RandomStreams.of(5, c.id(), 0));
        check.forward(in.h0, RandomStreams.of(5, c.id(), 0));
        for (int k = 8; k <= 10; k++) {
            assertArrayEquals(full.hidden(k), check.hidden(k), 0.0, "layer " + k);
        }
        for (int k : new int[] {7, 11, 12}) {
            assertThrows(IllegalArgumentException.class, () -> check.hidden(k), "layer " + k);
        }
        assertThrows(IllegalArgumentException.class, () -> full.hidden(11));
    }
}
