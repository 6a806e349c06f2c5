package resnetmc.theory;

/** Argument checks shared by the package (package-private). */
final class Checks {

    private Checks() {
    }

    static void finite(String name, double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException(name + " must be finite, got " + x);
        }
    }
}
