package resnetmc.stats;

import java.io.Serializable;

/**
 * Count, mean and sum of squared deviations of the finite values of one block of trials, computed as
 * {@link Summary#of} does (a sum in trial order, then the squared deviations from that mean), and merged
 * block by block in block order by the pairwise update of Chan, Golub and LeVeque (1979), so that the result
 * is a function of the trials only, whatever the partitioning.
 *
 * @since 0.9.0
 */
public final class BlockMoments implements Serializable {

    private static final long serialVersionUID = 1L;

    private long n;
    private double mean;
    private double m2;

    /** Of the finite values among {@code valuesInTrialOrder}. */
    public static BlockMoments of(double[] valuesInTrialOrder) {
        BlockMoments m = new BlockMoments();
        double sum = 0;
        for (double x : valuesInTrialOrder) {
            if (Double.isFinite(x)) {
                sum += x;
                m.n++;
            }
        }
        if (m.n == 0) {
            return m;
        }
        m.mean = sum / m.n;
        for (double x : valuesInTrialOrder) {
            if (Double.isFinite(x)) {
                m.m2 += (x - m.mean) * (x - m.mean);
            }
        }
        return m;
    }

    /** Merges the next block ({@code other}, left unchanged) into this; returns this. */
    public BlockMoments merge(BlockMoments other) {
        if (other.n == 0) {
            return this;
        }
        if (n == 0) {
            n = other.n;
            mean = other.mean;
            m2 = other.m2;
            return this;
        }
        double na = n;
        double nb = other.n;
        double nt = na + nb;
        double delta = other.mean - mean;
        mean += delta * nb / nt;
        m2 += other.m2 + delta * delta * na * nb / nt;
        n += other.n;
        return this;
    }

    /** Finite values counted. */
    public long n() {
        return n;
    }

    /** NaN when empty. */
    public double mean() {
        return n == 0 ? Double.NaN : mean;
    }

    /** Sample standard deviation (divisor n - 1); NaN when n &lt; 2. */
    public double sd() {
        return n < 2 ? Double.NaN : Math.sqrt(m2 / (n - 1));
    }
}
