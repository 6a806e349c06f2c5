package resnetmc.model;

/** How a trial's weights are sampled. */
public enum Sampler implements Labelled {
    /**
     * Every entry of every V_k (and W_k) drawn, layer by layer, and regenerated from the layer's own
     * stream in the backward pass: O(L d^2) work, O(L d + d^2) memory per trial.
     */
    DENSE("dense"),
    /**
     * Gaussian conditioning (THEORY.md section 5): exact in law for Gaussian weights only, O(L d) work
     * and memory per trial.
     */
    CONDITIONAL("conditional"),
    /**
     * The exact two-dimensional chain of THEORY.md section 6 (Gaussian weights, branches whose law
     * depends on h only through ||h||): O(1) work per layer whatever d, O(sqrt L) memory per trial.
     */
    CHAIN("chain");

    private final String label;

    Sampler(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
