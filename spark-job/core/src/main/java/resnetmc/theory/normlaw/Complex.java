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

    double abs() {
        return StrictMath.hypot(re, im);
    }

    /** @return {@code log(1 + this)}, principal branch, accurate for small arguments */
    Complex log1p() {
        double modulusLog = 0.5 * StrictMath.log1p(2 * re + (re * re + im * im));
        if (Math.abs(re) > 0.5 || Math.abs(im) > 0.5) {
            modulusLog = StrictMath.log(StrictMath.hypot(1 + re, im));
        }
        return new Complex(modulusLog, StrictMath.atan2(im, 1 + re));
    }

    Complex exp() {
        double m = StrictMath.exp(re);
        return new Complex(m * StrictMath.cos(im), m * StrictMath.sin(im));
    }

    /** @return {@code exp(this) - 1}, accurate for small arguments */
    Complex expm1() {
        double em1 = StrictMath.expm1(re);
        double c = StrictMath.cos(im);
        double halfSin = StrictMath.sin(im / 2);
        // exp(x) cos y - 1 = expm1(x) cos y + (cos y - 1), and cos y - 1 = -2 sin^2(y/2)
        return new Complex(em1 * c - 2 * halfSin * halfSin, (em1 + 1) * StrictMath.sin(im));
    }
}
