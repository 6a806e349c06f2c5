package resnetmc.stats;

/** Argument checks shared by the package (package-private). */
final class Arguments {

    private Arguments() {
    }

    static void confidence(double c) {
        if (!(c > 0 && c < 1)) {
            throw new IllegalArgumentException("confidence must be in (0,1), got " + c);
        }
    }

    static void finite(String name, double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException(name + " must be finite, got " + x);
        }
    }
}
