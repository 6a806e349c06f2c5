package resnetmc.model;

/**
 * How h_0 = A x is drawn. The ratios r_fwd, r_bwd do not depend on ||h_0|| for positively homogeneous
 * branches, but they do for tanh, so the choice is recorded on every trial row.
 */
public enum InputKind implements Labelled {
    /** A with i.i.d. N(0, 1/n_in) entries, x ~ N(0, I_{n_in}): E||h_0||^2 = d. */
    GAUSSIAN("gaussian"),
    /**
     * x uniform on [0,1]^{n_in} and A with N(0, 1/n_in) entries, as in Marion et al.'s code:
     * E||h_0||^2 = d/3.
     */
    DATA("data"),
    /** The fixed unit vector (1, ..., 1)/sqrt(d). */
    UNIT("unit");

    /** n_in = 64, the input dimension of Marion et al.'s synthetic data. */
    public static final int INPUT_DIMENSION = 64;

    private final String label;

    InputKind(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

}
