package resnetmc.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link Vectors} on small integer vectors, where every sum is exact whatever its order, so the expected
 * values are the plain loops' (written out here); the arrays are longer than {@code n} with non-zero
 * entries past it, which must not be read.
 */
class VectorsTest {

    private static final double[] X = {1, 2, 3, 4, 5, 6, 7, 8, 9, 100, 100, 100, 100};
    private static final double[] Y = {2, -1, 3, 1, -2, 4, 1, -3, 2, 100, 100, 100, 100};

    private static double naiveDot(double[] x, double[] y, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    @Test
    void dotForEveryTailLength() {
        for (int n = 0; n <= 9; n++) {
            assertEquals(naiveDot(X, Y, n), Vectors.dot(X, Y, n), 0.0, "n = " + n);
        }
        // by hand for n = 9: 2 - 2 + 9 + 4 - 10 + 24 + 7 - 24 + 18 = 28
        assertEquals(28.0, Vectors.dot(X, Y, 9), 0.0);
        assertEquals(Math.sqrt(285), Vectors.norm(X, 9), 0.0); // 1 + 4 + ... + 81 = 285
    }

    @Test
    void axpyAndItsSquaredNorm() {
        for (int n = 0; n <= 9; n++) {
            double[] y1 = Y.clone();
            double[] y2 = Y.clone();
            Vectors.axpy(2, X, y1, n);
            double s = Vectors.axpySquaredNorm(2, X, y2, n);
            double[] expected = Y.clone();
            for (int i = 0; i < n; i++) {
                expected[i] = Y[i] + 2 * X[i];
            }
            assertArrayEquals(expected, y1, 0.0, "axpy n = " + n);
            assertArrayEquals(expected, y2, 0.0, "axpySquaredNorm n = " + n);
            assertEquals(naiveDot(expected, expected, n), s, 0.0, "n = " + n);
        }
    }

    @Test
    void normalise() {
        // (3, 4): norm 5, scaled to (0.6, 0.8), returns ln 5; the entry past n is untouched
        double[] x = {3, 4, 7};
        assertEquals(Math.log(5), Vectors.normalise(x, 2), 1e-15);
        assertArrayEquals(new double[] {0.6, 0.8, 7}, x, 1e-15);
        double[] zero = {0, 0};
        assertEquals(0.0, Vectors.normalise(zero, 2), 0.0);
        assertArrayEquals(new double[] {0, 0}, zero, 0.0);
        double[] huge = {1e200, 1e200};
        assertEquals(0.0, Vectors.normaliseKnown(huge, 2, Double.POSITIVE_INFINITY), 0.0);
        assertArrayEquals(new double[] {1e200, 1e200}, huge, 0.0);
        double[] nan = {1, 1};
        assertEquals(0.0, Vectors.normaliseKnown(nan, 2, Double.NaN), 0.0);
        // a known squared norm is used as given: 4 gives a scale of 1/2
        double[] k = {1, 1};
        assertEquals(Math.log(2), Vectors.normaliseKnown(k, 2, 4), 1e-15);
        assertArrayEquals(new double[] {0.5, 0.5}, k, 0.0);
    }

    /**
     * log ||e^a x - e^b y||^2: at a = b = 0 it is ln of the plain squared distance; at a = b = 1000 (e^a
     * overflows) it is 2000 + ln ||x - y||^2; at a = ln 3, b = 0 it is ln ||3x - y||^2.
     */
    @Test
    void logSquaredDistance() {
        for (int n = 1; n <= 5; n++) {
            double d = 0;
            double d2 = 0;
            for (int i = 0; i < n; i++) {
                d += (X[i] - Y[i]) * (X[i] - Y[i]);
                d2 += (3 * X[i] - Y[i]) * (3 * X[i] - Y[i]);
            }
            assertEquals(Math.log(d), Vectors.logSquaredDistance(X, 0, Y, 0, n), 1e-14, "n = " + n);
            assertEquals(2000 + Math.log(d), Vectors.logSquaredDistance(X, 1000, Y, 1000, n), 1e-12, "n = " + n);
            assertEquals(Math.log(d2), Vectors.logSquaredDistance(X, Math.log(3), Y, 0, n), 1e-13, "n = " + n);
            assertEquals(Math.log(d2) + 2 * 5, Vectors.logSquaredDistance(X, Math.log(3) + 5, Y, 5, n), 1e-12);
            // the smaller scale second: ||x - 2y||^2
            double d3 = 0;
            for (int i = 0; i < n; i++) {
                d3 += (X[i] - 2 * Y[i]) * (X[i] - 2 * Y[i]);
            }
            assertEquals(Math.log(d3), Vectors.logSquaredDistance(X, 0, Y, Math.log(2), n), 1e-13, "n = " + n);
        }
    }
}
