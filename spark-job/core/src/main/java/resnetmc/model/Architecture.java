package resnetmc.model;

/**
 * The residual branches of Marion et al., "Scaling ResNets in the Large-depth Regime"
 * (arXiv 2206.06929), eq. (res-1)-(res-3): h_{k+1} = h_k + alpha V_{k+1} g(h_k, theta_{k+1}).
 */
public enum Architecture implements Labelled {
    /** g = sigma(h): no inner weights. */
    RES_1("res-1", false),
    /** g = sigma(W h). */
    RES_2("res-2", true),
    /** g = ReLU(W h): the activation is fixed to ReLU by definition. */
    RES_3("res-3", true);

    private final String label;
    private final boolean innerWeights;

    Architecture(String label, boolean innerWeights) {
        this.label = label;
        this.innerWeights = innerWeights;
    }

    /** The name used in configs and tables, e.g. {@code res-2}. */
    @Override
    public String label() {
        return label;
    }

    /**
     * Why this branch cannot have activation {@code a}, or null when it can: res-3's branch is ReLU by
     * definition. The one statement of the rule: {@link Cell} and the trainable networks ask it.
     */
    public String conflict(Activation a) {
        return this == RES_3 && a.kind() != Activation.Kind.RELU
                ? "res-3's branch is ReLU by definition, got " + a.label() : null;
    }

    /** Whether the branch has a matrix W inside the activation (res-2, res-3). */
    public boolean hasInnerWeights() {
        return innerWeights;
    }

}
