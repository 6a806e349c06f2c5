package resnetmc.kernel;

/** Primitive vector operations of the hot loops. */
public final class Vectors {
    private Vectors() {
    }

    /**
     * x . y with four independent partial sums: breaks the add-latency chain (about 3x faster at d = 128)
     * while keeping one fixed summation order, so results do not depend on the JIT.
     */
    public static double dot(double[] x, double[] y, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[i] * y[i];
            s1 += x[i + 1] * y[i + 1];
            s2 += x[i + 2] * y[i + 2];
            s3 += x[i + 3] * y[i + 3];
        }
        for (; i < n; i++) {
            s0 += x[i] * y[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** y += a x. */
    public static void axpy(double a, double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += a * x[i];
        }
    }

    /**
     * y += a x, returning y . y of the updated y in one pass, summed in exactly {@link #dot}'s order (the
     * same four partial sums, the same tail and the same final pairing), so the bits equal those of the
     * update followed by dot(y, y, n).
     */
    public static double axpySquaredNorm(double a, double[] x, double[] y, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double y0 = y[i] + a * x[i];
            double y1 = y[i + 1] + a * x[i + 1];
            double y2 = y[i + 2] + a * x[i + 2];
            double y3 = y[i + 3] + a * x[i + 3];
            y[i] = y0;
            y[i + 1] = y1;
            y[i + 2] = y2;
            y[i + 3] = y3;
            s0 += y0 * y0;
            s1 += y1 * y1;
            s2 += y2 * y2;
            s3 += y3 * y3;
        }
        for (; i < n; i++) {
            double yi = y[i] + a * x[i];
            y[i] = yi;
            s0 += yi * yi;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@link #normalise} of a vector whose squared norm (as {@link #dot} sums it) is already known. */
    public static double normaliseKnown(double[] x, int n, double squaredNorm) {
        double norm = Math.sqrt(squaredNorm);
        if (!(norm > 0) || Double.isInfinite(norm)) {
            return 0.0;
        }
        double inv = 1.0 / norm;
        for (int i = 0; i < n; i++) {
            x[i] *= inv;
        }
        return StrictMath.log(norm);
    }

    public static double norm(double[] x, int n) {
        return Math.sqrt(dot(x, x, n));
    }

    /**
     * Scales x to unit norm and returns the log of its former norm; the zero vector (and an infinite
     * norm) is left as is and gives 0, so a state that cannot be normalised keeps its scale of 0.
     */
    public static double normalise(double[] x, int n) {
        return normaliseKnown(x, n, dot(x, x, n));
    }

    /** log ||e^a x - e^b y||^2, finite even when e^a or e^b overflow a double. */
    static double logSquaredDistance(double[] x, double a, double[] y, double b, int n) {
        double m = Math.max(a, b);
        double ea = StrictMath.exp(a - m);
        double eb = StrictMath.exp(b - m);
        double s0 = 0, s1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            double t0 = ea * x[i] - eb * y[i];
            double t1 = ea * x[i + 1] - eb * y[i + 1];
            s0 += t0 * t0;
            s1 += t1 * t1;
        }
        for (; i < n; i++) {
            double t = ea * x[i] - eb * y[i];
            s0 += t * t;
        }
        return 2 * m + StrictMath.log(s0 + s1);
    }
}
