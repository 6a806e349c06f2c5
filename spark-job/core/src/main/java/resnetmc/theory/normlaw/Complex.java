package resnetmc.theory.normlaw;

/**
 * A complex number, with the few operations the transform inversion of the norm law needs.
 * Transcendental functions use {@code StrictMath} so that results are bit-identical across
 * CPUs; {@link #log1p} and {@link #expm1} keep full relative precision near 0, which the
 * cumulant generating function needs at large depth (it is multiplied by {@code L}).
 */
record Complex(double re, double im) {

    static final Complex ZERO = new Complex(0, 0);

    Complex plus(Complex o) {
        return new Complex(re + o.re, im + o.im);
    }

    Complex minus(Complex o) {
        return new Complex(re - o.re, im - o.im);
    }

    Complex times(Complex o) {
        return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
    }

    Complex times(double s) {
        return new Complex(re * s, im * s);
    }

    Complex plus(double s) {
        return new Complex(re + s, im);
    }

    Complex reciprocal() {
        // Smith's algorithm: no overflow for large components.
        if (Math.abs(re) >= Math.abs(im)) {
            double r = im / re;
            double den = re + im * r;
            return new Complex(1 / den, -r / den);
        }
        double r = re / im;
        double den = re * r + im;
        return new Complex(r / den, -1 / den);
    }

    Complex divide(Complex o) {
        return times(o.reciprocal());
    }

    /** Real arguments (im = +-0, as every real tilt of the Chernoff bounds) skip the transcendental calls whose
     * result is then known exactly: {@code hypot(x, 0) = |x|}, {@code cos 0 = 1}, {@code sin(+-0) = +-0},
     * {@code atan2(+-0, x > 0) = +-0}; every fast path gives the general path's bits (RealFastPathsTest). */
    double abs() {
        return abs(re, im);
    }

    /** @return the modulus of {@code re + i im}, as {@link #abs()} */
    static double abs(double re, double im) {
        return im == 0 ? Math.abs(re) : StrictMath.hypot(re, im);
    }

    /** @return {@code |this|^2} (rounded; may overflow or underflow), for comparisons far from their threshold */
    double normSquared() {
        return re * re + im * im;
    }

    /** @return {@code log(1 + this)}, principal branch, accurate for small arguments */
    Complex log1p() {
        double onePlusRe = 1 + re;
        double modulusLog = 0.5 * StrictMath.log1p(2 * re + (re * re + im * im));
        if (Math.abs(re) > 0.5 || Math.abs(im) > 0.5) {
            modulusLog = StrictMath.log(abs(onePlusRe, im));
        }
        return new Complex(modulusLog, im == 0 && onePlusRe > 0 ? im : StrictMath.atan2(im, onePlusRe));
    }

    Complex exp() {
        double m = StrictMath.exp(re);
        if (im == 0) {
            return new Complex(m, m * im);
        }
        return new Complex(m * StrictMath.cos(im), m * StrictMath.sin(im));
    }

    /** @return {@code exp(this) - 1}, accurate for small arguments */
    Complex expm1() {
        double em1 = StrictMath.expm1(re);
        if (im == 0) {
            return new Complex(em1, (em1 + 1) * im);
        }
        double c = StrictMath.cos(im);
        double halfSin = StrictMath.sin(im / 2);
        // exp(x) cos y - 1 = expm1(x) cos y + (cos y - 1), and cos y - 1 = -2 sin^2(y/2)
        return new Complex(em1 * c - 2 * halfSin * halfSin, (em1 + 1) * StrictMath.sin(im));
    }
}
