package resnetmc.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
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
import resnetmc.testing.FalseFailureRate;

/** Weights correlated across layers through the dense sampler (Marion et al., Sections 4-5). */
@FalseFailureRate(6e-5)
class CorrelatedWeightsTest {

    static Cell cell(WeightProcess weights, int d, int depth, double beta) {
        return new Cell(Architecture.RES_3, Activation.RELU, WeightDistribution.GAUSSIAN, d, depth, new Scaling.Beta(beta), InputKind.GAUSSIAN, LossKind.QUADRATIC, Sampler.DENSE, weights);
    }

    /**
     * fGn with H = 1/2 is white noise, so fbm weights at H = 1/2 are i.i.d. in law: two-sample KS on
     * log10 r_fwd and log10 r_bwd against iid cells, n = 4000 per side, each at level 1e-5 (false
     * failure at most 2e-5 for the two tests).
     */
    @Test
    void fbmAtHalfIsIid() {
        Cell fbm = cell(new WeightProcess.Fbm(0.5), 8, 64, 0.5);
        Cell iid = cell(WeightProcess.IID, 8, 64, 0.5);
        TrialOutcome[] a = Samples.run(fbm, 4000, 5);
        TrialOutcome[] b = Samples.run(iid, 4000, 6);
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        double pf = ks.kolmogorovSmirnovTest(Stream.of(a).mapToDouble(TrialOutcome::log10RFwd).toArray(),
                Stream.of(b).mapToDouble(TrialOutcome::log10RFwd).toArray(), false);
        double pb = ks.kolmogorovSmirnovTest(Stream.of(a).mapToDouble(TrialOutcome::log10RBwd).toArray(),
                Stream.of(b).mapToDouble(TrialOutcome::log10RBwd).toArray(), false);
        assertTrue(pf > 1e-5 && pb > 1e-5, "p = " + pf + ", " + pb);
    }

    /**
     * beta = 1 (alpha = 1/L): with smooth (RBF) weights the ResNet discretises an ODE and r_fwd converges
     * as L grows, so its means at L = 250, 500, 1000 agree within the sum of their 99.999% half-widths;
     * with i.i.d. weights r_fwd ~ L alpha^2 = 1/L goes to 0, so the mean at L = 1000 is below the mean at
     * L = 250 by more than that. n = 300 trials per cell; 3 + 1 comparisons at 99.999%.
     */
    @Test
    void rbfConvergesIidVanishesAtBetaOne() {
        double[][] rbf = new double[3][];
        int[] depths = {250, 500, 1000};
        for (int i = 0; i < 3; i++) {
            rbf[i] = meanAndHalfWidth(cell(new WeightProcess.Rbf(0.1), 8, depths[i], 1.0), 300);
        }
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                assertTrue(Math.abs(rbf[i][0] - rbf[j][0]) < rbf[i][1] + rbf[j][1],
                        "rbf L=" + depths[i] + " mean " + rbf[i][0] + " vs L=" + depths[j] + " mean " + rbf[j][0]);
            }
        }
        double[] iid250 = meanAndHalfWidth(cell(WeightProcess.IID, 8, 250, 1.0), 300);
        double[] iid1000 = meanAndHalfWidth(cell(WeightProcess.IID, 8, 1000, 1.0), 300);
        assertTrue(iid250[0] - iid1000[0] > iid250[1] + iid1000[1], "iid: " + iid250[0] + " -> " + iid1000[0]);
        assertTrue(rbf[2][0] > 10 * iid1000[0], "rbf keeps an O(1) ratio where iid vanishes");
    }

    private static double[] meanAndHalfWidth(Cell c, int n) {
        double[] r = Stream.of(Samples.run(c, n, 9)).mapToDouble(TrialOutcome::rFwd).toArray();
        double[] ms = Samples.meanAndSe(r);
        // 99.999% Student t half-width (t_299 = 4.50; the normal 4.42 would understate the rate 1.4x).
        double t = new org.apache.commons.math3.distribution.TDistribution(n - 1).inverseCumulativeProbability(1 - 5e-6);
        return new double[] {ms[0], t * ms[1]};
    }
}
