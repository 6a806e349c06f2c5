package resnetmc.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
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
import resnetmc.process.FractionalGaussianNoise;
import resnetmc.process.LayerProcess;
import resnetmc.process.RbfProcess;
import resnetmc.rng.RandomStreams;
import resnetmc.rng.TrialStreams;

/**
 * The small parts of the kernel package, deterministic: the entry laws against their definitions on a copy
 * of the same stream, the trajectory grid by hand, the storage rule at its boundary, the kernel factory, the
 * correlated field's layout and its argument checks, and the plain ratios of an outcome.
 */
class KernelPartsTest {

    private static UniformRandomProvider stream() {
        return RandomStreams.of(31, 32, 33).v(1);
    }

    /**
     * Rademacher: entry i is -scale when bit (i mod 64) of word i / 64 is set, else +scale (one bit per
     * entry, low bit first); 150 entries use three words, and each row starts on a fresh word.
     */
    @Test
    void rademacherEntriesAreTheStreamsBits() {
        double scale = 0.25;
        EntrySampler s = EntrySampler.of(WeightDistribution.RADEMACHER, stream(), scale);
        UniformRandomProvider copy = stream();
        for (int row = 0; row < 2; row++) {
            double[] r = new double[150];
            s.fill(r, 150);
            long word = 0;
            for (int i = 0; i < 150; i++) {
                if (i % 64 == 0) {
                    word = copy.nextLong();
                }
                double expected = ((word >>> (i % 64)) & 1) == 1 ? -scale : scale;
                assertEquals(expected, r[i], 0.0, "row " + row + " entry " + i);
            }
        }
    }

    /**
     * Uniform: entry = ((k + 1/2) 2^-32 - 1/2) 2 sqrt(3) scale with k the high, then the low 32 bits of a
     * word; a row of odd length uses the high half of its last word and the next row starts on a fresh one.
     * The grid is symmetric about 0: k and 2^32 - 1 - k give opposite entries, all inside +-sqrt(3) scale.
     */
    @Test
    void uniformEntriesAreTheHalfStepGrid() {
        double scale = 0.5;
        double w = 2 * Math.sqrt(3) * scale;
        for (int n : new int[] {4, 5}) {
            EntrySampler s = EntrySampler.of(WeightDistribution.UNIFORM, stream(), scale);
            UniformRandomProvider copy = stream();
            for (int row = 0; row < 2; row++) {
                double[] r = new double[n];
                double[] viaDot = new double[n];
                double[] x = new double[n];
                x[n - 1] = 1; // row . e_last = the last entry
                EntrySampler t = EntrySampler.of(WeightDistribution.UNIFORM, stream(), scale);
                for (int skip = 0; skip < row; skip++) {
                    t.fill(new double[n], n);
                }
                s.fill(r, n);
                long word = 0;
                for (int i = 0; i < n; i++) {
                    if (i % 2 == 0) {
                        word = copy.nextLong();
                    }
                    long k = i % 2 == 0 ? word >>> 32 : word & 0xFFFF_FFFFL;
                    double expected = ((k + 0.5) * 0x1.0p-32 - 0.5) * w;
                    assertEquals(expected, r[i], 1e-15, "n " + n + " row " + row + " entry " + i);
                    assertTrue(Math.abs(r[i]) < Math.sqrt(3) * scale);
                }
                assertEquals(r[n - 1], t.fillDot(viaDot, x, n), 0.0, "fillDot, n " + n);
                assertArrayEquals(r, viaDot, 0.0);
            }
        }
        // the extreme grid points are exactly opposite: k = 0 and k = 2^32 - 1
        double lo = (0 + 0.5 - 0x1.0p31) * (w * 0x1.0p-32);
        double hi = (0xFFFF_FFFFL + 0.5 - 0x1.0p31) * (w * 0x1.0p-32);
        assertEquals(-lo, hi, 0.0);
    }

    /** Gaussian: the commons-rng ziggurat's standard normals on the same stream, times the scale. */
    @Test
    void gaussianEntriesAreZigguratNormals() {
        EntrySampler s = EntrySampler.of(WeightDistribution.GAUSSIAN, stream(), 0.3);
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(stream());
        double[] r = new double[7];
        s.fill(r, 7);
        for (int i = 0; i < 7; i++) {
            assertEquals(normal.sample() * 0.3, r[i], 0.0);
        }
        // the default fillAxpy: fill, then y += a row, the same bits
        double[] y = {1, 2, 3, 4, 5, 6, 7};
        s.fillAxpy(r, -2, y, 7);
        for (int i = 0; i < 7; i++) {
            double e = normal.sample() * 0.3;
            assertEquals(e, r[i], 0.0);
            assertEquals(i + 1 + -2 * e, y[i], 0.0);
        }
    }

    /**
     * Trajectory grid, by hand: n = 2 is {0, L}; n = 3 is {0, 1, L}; L = 5 with 5 points: 5^(j/3) for
     * j = 0..3 is 1, 1.71, 2.92, 5, rounded 1, 2, 3, 5; L = 6 with 6 points: 6^(j/4) = 1, 1.57, 2.45, 3.83, 6
     * rounds to 1, 2, 2, 4, 6 and the repeat is bumped to 3.
     */
    @Test
    void trajectoryGridByHand() {
        assertArrayEquals(new int[] {0, 100}, Trajectory.layers(100, 2));
        assertArrayEquals(new int[] {0, 1, 100}, Trajectory.layers(100, 3));
        assertArrayEquals(new int[] {0, 1, 2, 3, 5}, Trajectory.layers(5, 5));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 6}, Trajectory.layers(6, 6));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, Trajectory.layers(6, 7));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, Trajectory.layers(6, 8));
    }

    /**
     * Full storage while (L + 1) d v 8 bytes fit the budget, ceil(sqrt L) layers per segment above it:
     * L = 9, d = 2, v = 1 needs 160 bytes.
     */
    @Test
    void storageRuleAtItsBoundary() {
        assertEquals(9, ResidualKernel.segmentLength(9, 2, 1, 160));
        assertEquals(3, ResidualKernel.segmentLength(9, 2, 1, 159));
        assertEquals(9, ResidualKernel.segmentLength(9, 1, 2, 160));
        assertEquals(3, ResidualKernel.segmentLength(9, 1, 2, 159));
        assertEquals(4, ResidualKernel.segmentLength(10, 2, 1, 0)); // ceil(sqrt 10)
        assertEquals(1, ResidualKernel.segmentLength(1, 2, 1, 0));
        // 2^31 layers of d = 2^20 would overflow an int count of bytes; the rule must still say "too big"
        assertEquals(46341, ResidualKernel.segmentLength(Integer.MAX_VALUE - 1, 1 << 20, 1, 1L << 40));
    }

    /** The factory: each sampler its class; the chain keeps no vectors and says where to go instead. */
    @Test
    void kernelsBuildTheCellsSampler() {
        Cell dense = cell(Sampler.DENSE, WeightProcess.IID);
        Cell conditional = cell(Sampler.CONDITIONAL, WeightProcess.IID);
        Cell chain = cell(Sampler.CHAIN, WeightProcess.IID);
        assertInstanceOf(DenseSampler.class, Kernels.of(dense, 3));
        assertInstanceOf(ConditionalSampler.class, Kernels.of(conditional, 3));
        assertInstanceOf(DenseSampler.class, Kernels.trialKernel(dense, 3, true));
        assertInstanceOf(ChainSampler.class, Kernels.trialKernel(chain, 3, true));
        assertInstanceOf(ChainSampler.class, Kernels.trialKernel(chain, 3, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.of(chain, 3));
        assertTrue(e.getMessage().contains("Kernels.trialKernel"), e.getMessage());
        // the chain's forward-only kernel: NaN gradient columns
        TrialOutcome o = Kernels.trialKernel(chain, 3, false).run(RandomStreams.of(1, chain.id(), 0));
        assertTrue(Double.isNaN(o.log10RBwd()));
        assertTrue(Double.isFinite(o.log10RFwd()));
        // the same trial through of() and trialKernel(): the same bits
        TrialOutcome a = Kernels.of(dense, 3).run(RandomStreams.of(1, dense.id(), 4));
        TrialOutcome b = Kernels.trialKernel(dense, 3, true).run(RandomStreams.of(1, dense.id(), 4));
        assertEquals(a.log10RBwd(), b.log10RBwd(), 0.0);
        assertArrayEquals(a.trajLog10P(), b.trajLog10P(), 0.0);
        assertEquals(3, a.trajLog10H().length);
    }

    private static Cell cell(Sampler sampler, WeightProcess weights) {
        return new Cell(Architecture.RES_3, Activation.RELU, WeightDistribution.GAUSSIAN, 4, 12,
                new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.QUADRATIC, sampler, weights);
    }

    /** processFor: none for i.i.d. weights, fGn for fBm, the RBF process for RBF; each of length L. */
    @Test
    void processForTheWeights() {
        assertNull(WeightField.processFor(cell(Sampler.DENSE, WeightProcess.IID)));
        LayerProcess fbm = WeightField.processFor(cell(Sampler.DENSE, new WeightProcess.Fbm(0.7)));
        LayerProcess rbf = WeightField.processFor(cell(Sampler.DENSE, new WeightProcess.Rbf(3.0)));
        assertInstanceOf(FractionalGaussianNoise.class, fbm);
        assertInstanceOf(RbfProcess.class, rbf);
        assertEquals(12, fbm.length());
        assertEquals(12, rbf.length());
    }

    /** A field needs its cell's process: none, or one of another length, is refused naming the weights. */
    @Test
    void fieldNeedsAProcessOfTheCellsLength() {
        Cell c = cell(Sampler.DENSE, new WeightProcess.Fbm(0.7));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> new WeightField(c, null));
        assertTrue(none.getMessage().contains("no process of length 12 for fbm weights"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WeightField(c, new FractionalGaussianNoise(11, 0.7)));
        new WeightField(c, new FractionalGaussianNoise(12, 0.7)); // the right length is accepted
    }

    /**
     * The field's layout: entry (i, j) of V_k is value k of the series drawn for it from the stream of row i,
     * times 1/sqrt d; with two series per draw (fGn) entries j and j + 1 share a draw, and at an odd width
     * the last draw's second series is unused. rows() gives the same rows in order. d = 3, L = 4.
     */
    @Test
    void fieldLayoutFollowsTheRowStreams() {
        for (WeightProcess weights : new WeightProcess[] {new WeightProcess.Fbm(0.7), new WeightProcess.Rbf(2.0)}) {
            Cell c = new Cell(Architecture.RES_2, Activation.TANH, WeightDistribution.GAUSSIAN, 3, 4,
                    new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.QUADRATIC, Sampler.DENSE, weights);
            LayerProcess process = WeightField.processFor(c);
            WeightField field = new WeightField(c, process);
            TrialStreams streams = RandomStreams.of(8, c.id(), 1);
            field.generate(streams);
            for (boolean inner : new boolean[] {false, true}) {
                double[][] expected = new double[4][9];
                LayerProcess.Series series = process.series();
                for (int i = 0; i < 3; i++) {
                    UniformRandomProvider rng = inner ? streams.wField(i) : streams.vField(i);
                    double[] a = new double[4];
                    double[] b = new double[4];
                    for (int j = 0; j < 3; j += series.perDraw()) {
                        series.sample(rng, a, b);
                        for (int k = 0; k < 4; k++) {
                            expected[k][i * 3 + j] = a[k] / Math.sqrt(3);
                            if (series.perDraw() == 2 && j + 1 < 3) {
                                expected[k][i * 3 + j + 1] = b[k] / Math.sqrt(3);
                            }
                        }
                    }
                }
                for (int k = 0; k < 4; k++) {
                    double[] layer = new double[11];
                    field.copyLayer(inner, k + 1, layer, 2);
                    double[] got = java.util.Arrays.copyOfRange(layer, 2, 11);
                    assertArrayEquals(expected[k], got, 1e-15, weights.label() + " inner " + inner + " layer " + k);
                    RowFiller rows = field.rows(inner, k + 1);
                    double[] row = new double[3];
                    for (int i = 0; i < 3; i++) {
                        rows.fill(row, 3);
                        assertArrayEquals(java.util.Arrays.copyOfRange(got, 3 * i, 3 * i + 3), row, 0.0);
                    }
                }
            }
        }
    }

    /** The plain ratios are 10^log10: 10^2 = 100, 10^-1 = 0.1, 10^0.5 = sqrt 10, 10^3 = 1000. */
    @Test
    void outcomeRatiosArePowersOfTen() {
        TrialOutcome o = new TrialOutcome(0, 2, -1, 0.5, 3, 0, Double.NaN, true, new double[0], new double[0]);
        assertEquals(100, o.rFwd(), 1e-12);
        assertEquals(0.1, o.rBwd(), 1e-15);
        assertEquals(Math.sqrt(10), o.hRatio(), 1e-14);
        assertEquals(1000, o.pRatio(), 1e-11);
    }
}
