package resnetmc.theory.normlaw;

/** A layer that counts the evaluations of its transform, the unit of cost of {@link NormRatioLaw}'s inversion. */
final class CountingLayer implements LayerTransform {
    private final LayerTransform inner;
    private long evaluations;

    CountingLayer(LayerTransform inner) {
        this.inner = inner;
    }

    /** @return the evaluations of {@code M} (real or complex) since the last call, and starts a new count */
    long take() {
        long n = evaluations;
        evaluations = 0;
        return n;
    }

    @Override
    public double cgf(double theta) {
        evaluations++;
        return inner.cgf(theta);
    }

    @Override
    public Complex logM(Complex z) {
        evaluations++;
        return inner.logM(z);
    }

    @Override
    public double atom() {
        return inner.atom();
    }

    @Override
    public double domainLow() {
        return inner.domainLow();
    }

    @Override
    public double logMeanR() {
        return inner.logMeanR();
    }

    @Override
    public double sdGuess() {
        return inner.sdGuess();
    }
}
