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

    /** Smallest width the chain supports: its backward frame {e, w, C} needs a complement of dimension >= 2. */
    public static final int CHAIN_MIN_WIDTH = 4;

    private final String label;

    Sampler(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    /**
     * Why the chain cannot sample a cell of these parameters exactly, or null when it can (THEORY.md
     * section 6): it needs i.i.d. Gaussian weights and a branch whose law depends on h only through
     * ||h||, that is res-3, res-2 with a positively homogeneous sigma (ReLU, leaky ReLU, identity), or
     * res-1 with the identity; and d >= {@value #CHAIN_MIN_WIDTH}. The one statement of the rule:
     * {@link Cell}, {@link Grid} and the chain kernel ask it.
     */
    public static String chainConflict(Architecture arch, Activation activation, WeightDistribution law,
                                       WeightProcess weights, int width) {
        if (law != WeightDistribution.GAUSSIAN) {
            return "the chain sampler is exact for Gaussian weights only, not " + law.label();
        }
        if (weights.kind() != WeightProcess.Kind.IID) {
            return weights.label() + " weights are correlated across layers; the chain needs independent layers";
        }
        if (activation.kind() == Activation.Kind.TANH) {
            return "tanh is not positively homogeneous: the law of the branch depends on h beyond ||h||";
        }
        if (arch == Architecture.RES_1 && activation.kind() != Activation.Kind.IDENTITY) {
            return "res-1 with " + activation.label() + " acts on the coordinates of h: its law depends on h beyond "
                    + "||h|| (the chain supports res-1 with the identity only)";
        }
        if (width < CHAIN_MIN_WIDTH) {
            return "width " + width + " < " + CHAIN_MIN_WIDTH + ": the chain's backward frame needs d >= "
                    + CHAIN_MIN_WIDTH;
        }
        return null;
    }

    /**
     * Cost of one chain trial in Gaussian draws (the unit of {@link Cell#cost()}): per layer about 6 draws
     * forward (the count K, its chi-squares, two normals, a chi-square) and 10 backward (six normals, three
     * chi-squares), plus the forward draws again when checkpointed segments are regenerated; 400 for
     * deriving the trial's three streams.
     */
    public static double chainCost(int depth, boolean backward, boolean checkpointed) {
        double perLayer = 6.0;
        if (backward) {
            perLayer += 10.0 + (checkpointed ? 6.0 : 0.0);
        }
        return perLayer * depth + 400.0;
    }
}
