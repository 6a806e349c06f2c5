package resnetmc.model;

/**
 * The law of the entries of sqrt(d) V and sqrt(d) W: symmetric, unit variance, 1-sub-Gaussian
 * (Marion et al., arXiv 2206.06929, Hypothesis 1; all three have s = 1).
 */
public enum WeightDistribution implements Labelled {
    GAUSSIAN("gaussian", true),
    /** Uniform on [-sqrt 3, sqrt 3]: variance 3/3 = 1. */
    UNIFORM("uniform", true),
    /** +-1 with probability 1/2 each. */
    RADEMACHER("rademacher", false);

    private final String label;
    private final boolean continuous;

    WeightDistribution(String label, boolean continuous) {
        this.label = label;
        this.continuous = continuous;
    }

    @Override
    public String label() {
        return label;
    }

    /**
     * Continuous laws give (W h)_i = 0 with probability 0; with Rademacher weights it has positive
     * probability, which changes the backward mean through ReLU'(0) = 0 (THEORY.md section 1 caveat).
     */
    public boolean continuous() {
        return continuous;
    }

}
