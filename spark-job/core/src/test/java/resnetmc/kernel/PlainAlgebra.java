package resnetmc.kernel;

/**
 * Textbook dot product and norm for the replay tests: one left-to-right sum, independent of {@link Vectors}'
 * blocked partial sums, so that the replays do not share arithmetic with the samplers they check.
 */
final class PlainAlgebra {
    private PlainAlgebra() {
    }

    static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }
}
