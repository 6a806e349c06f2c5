package resnetmc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link FastTanh} against {@link StrictMath#tanh} over the whole double range. Deterministic (fixed
 * seeds, no statistics): the assertions are the stated bound {@link FastTanh#MAX_ULPS} and the exact
 * special values.
 */
class FastTanhTest {

    /** Distance in ulps of the reference value (the ulp of the smaller-magnitude neighbour at binade edges). */
    private static double ulps(double fast, double strict) {
        return Math.abs(fast - strict) / Math.min(Math.ulp(strict), Math.ulp(fast));
    }

    private static double check(double x) {
        double f = FastTanh.tanh(x);
        double s = StrictMath.tanh(x);
        double u = ulps(f, s);
        assertTrue(u <= FastTanh.MAX_ULPS, () -> "tanh(" + x + ") = " + f + ", StrictMath " + s + ": " + u + " ulps");
        assertEquals(Double.doubleToRawLongBits(-f), Double.doubleToRawLongBits(FastTanh.tanh(-x)),
                () -> "odd at " + x);
        return u;
    }

    @Test
    void specialValues() {
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(FastTanh.tanh(0.0)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(FastTanh.tanh(-0.0)));
        assertEquals(1.0, FastTanh.tanh(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, FastTanh.tanh(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(FastTanh.tanh(Double.NaN)));
        assertTrue(Double.isNaN(FastTanh.tanh(Double.longBitsToDouble(0x7ff0000000000001L))));
        assertEquals(Double.MIN_VALUE, FastTanh.tanh(Double.MIN_VALUE));
        assertEquals(-Double.MIN_NORMAL, FastTanh.tanh(-Double.MIN_NORMAL));
        assertEquals(1.0, FastTanh.tanh(Double.MAX_VALUE));
        for (double x : new double[] {0x1.0p-1000, Math.nextDown(0x1.0p-1000), 0x1.0p-28, Math.nextDown(0x1.0p-28), 0.25, Math.log(2) / 4, 0.5, 1, 2, 19, 19.1,
                21.99, Math.nextDown(22.0), 22.0}) {
            check(x);
        }
    }

    /** Every binade from the subnormals to 2^1023, 4000 random significands each (fixed seed). */
    @Test
    void everyBinade() {
        SplittableRandom rnd = new SplittableRandom(20261201L);
        double worst = 0;
        for (int e = 0; e < 2047; e++) {
            for (int i = 0; i < 4000; i++) {
                long bits = ((long) e << 52) | (rnd.nextLong() >>> 12);
                worst = Math.max(worst, check(Double.longBitsToDouble(bits)));
            }
        }
        System.out.println("FastTanhTest: largest distance over the binades " + worst + " ulps");
        assertTrue(worst <= FastTanh.MAX_ULPS);
    }

    /**
     * A dense grid over [0, 23], where tanh is neither x nor 1 and the doublings carry the error, plus 64
     * neighbours each side of the points (k + 1/2) ln 2 / 2 (the switch points of the 0.2.0 algorithm's range
     * reduction, kept as a fixed sample of the range).
     */
    @Test
    void denseGridAndReductionEdges() {
        for (int i = 0; i <= 2_000_000; i++) {
            check(i * (23.0 / 2_000_000));
        }
        for (int k = 0; k <= 64; k++) {
            double edge = (k + 0.5) * Math.log(2) / 2;
            double x = edge;
            for (int j = 0; j < 64; j++) {
                check(x);
                x = Math.nextDown(x);
            }
            x = edge;
            for (int j = 0; j < 64; j++) {
                check(x);
                x = Math.nextUp(x);
            }
        }
    }

    /**
     * The array form (vectorised by the JIT) gives the scalar form's bits, including the entries its last
     * loop patches (tiny, subnormal, saturated, infinite, NaN), at lengths that exercise the vector loops'
     * pre- and post-loops; in place it refuses (its last loop re-reads the input).
     */
    @Test
    void arrayFormMatchesScalar() {
        SplittableRandom rnd = new SplittableRandom(7L);
        double[] special = {-3, -0.0, 0.0, 0.1, 1e-300, -Double.MIN_VALUE, 0x1.0p-1000, Math.nextDown(0x1.0p-1000), 7,
            22.0, Math.nextUp(22.0), -40, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
        for (int n : new int[] {1, 3, 8, 13, 40, 256, 257, 4099}) {
            double[] in = new double[n];
            for (int i = 0; i < n; i++) {
                in[i] = i % 5 == 0 ? special[rnd.nextInt(special.length)]
                        : rnd.nextGaussian() * (i % 3 == 0 ? 8 : 1);
            }
            double[] out = new double[n];
            FastTanh.tanh(in, out, n);
            assertThrows(IllegalArgumentException.class, () -> FastTanh.tanh(in, in, n));
            for (int i = 0; i < n; i++) {
                long scalar = Double.doubleToRawLongBits(FastTanh.tanh(in[i]));
                int j = i;
                assertEquals(scalar, Double.doubleToRawLongBits(out[i]), () -> "array form at " + in[j]);
            }
        }
    }
}
