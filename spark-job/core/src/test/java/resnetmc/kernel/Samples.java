package resnetmc.kernel;

import java.util.stream.IntStream;
import resnetmc.model.Cell;
import resnetmc.rng.RandomStreams;

/** Runs n trials of a cell on all cores (one kernel per chunk); results are in trial order. */
public final class Samples {
    private static final int CHUNK = 250;

    private Samples() {
    }

    /** {mean, standard error of the mean} of x, two-pass. */
    public static double[] meanAndSe(double[] x) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        return new double[] {mean, Math.sqrt(ss / (n - 1) / n)};
    }

    static TrialOutcome[] run(Cell cell, int n, long seed) {
        TrialOutcome[] out = new TrialOutcome[n];
        IntStream.range(0, (n + CHUNK - 1) / CHUNK).parallel().forEach(c -> {
            ResidualKernel k = Kernels.of(cell, 2);
            for (int t = c * CHUNK; t < Math.min(n, (c + 1) * CHUNK); t++) {
                out[t] = k.run(RandomStreams.of(seed, cell.id(), t));
            }
        });
        return out;
    }
}
