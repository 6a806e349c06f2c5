package resnetmc.model;

/** Where the backward pass starts: p_L = dLoss/dh_L. */
public enum LossKind implements Labelled {
    /**
     * Loss = 1/2 ||B h_L - y||^2 with B in R^{10 x d} of i.i.d. N(0, 1/d) entries and y ~ N(0, I_10):
     * p_L = B^T (B h_L - y) depends on the weights through h_L.
     */
    QUADRATIC("quadratic"),
    /**
     * p_L uniform on the unit sphere, independent of the weights: the case in which E[r_bwd] has the
     * exact value of THEORY.md section 1.
     */
    RANDOM_DIRECTION("random-direction"),
    /**
     * Loss = (b . h_L - y)^2 with one output row b of i.i.d. N(0, 1/d) entries and a target y uniform on
     * [0, 1], the loss of Marion et al.'s published code: p_L = 2 b (b . h_L - y). Its direction is
     * +-b / ||b||, uniform and independent of the residual weights, and every ratio is scale-invariant
     * in p_L, so r_bwd and ||p_0|| / ||p_L|| have the laws of the random-direction loss.
     */
    SCALAR_OUTPUT("scalar-output");

    /** Output dimension of B for the quadratic loss (a 10-class head). */
    public static final int OUTPUT_DIMENSION = 10;

    private final String label;

    LossKind(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

}
