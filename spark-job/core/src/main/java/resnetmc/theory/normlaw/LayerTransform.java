package resnetmc.theory.normlaw;

/**
 * What {@link NormRatioLaw}'s inversion needs of one layer's {@code log R}: its transform
 * {@code M(z) = E[R^z]} in the strip {@code Re z > domainLow()}, and its atom at 0. {@link LayerLaw}
 * is the only production implementation; the tests also invert laws whose sums have a closed form
 * (an atom plus a Gaussian), which is how the atom's handling is checked at masses the ReLU laws
 * reach only with transforms that take minutes to invert.
 */
interface LayerTransform {

    /** @return {@code K(theta) = log E[R^theta]} for real {@code theta > domainLow()} */
    double cgf(double theta);

    /** @return {@code log M(z)}, with full relative precision of {@code M - 1} */
    Complex logM(Complex z);

    /** @return the mass of the atom of {@code log R} at 0 */
    double atom();

    /** @return the left end of the domain of {@code M}, {@code < 0} */
    double domainLow();

    /** @return {@code log E R}, exactly */
    double logMeanR();

    /** @return a first guess of {@code sd(log R)}, which only sets the first finite-difference step */
    double sdGuess();
}
