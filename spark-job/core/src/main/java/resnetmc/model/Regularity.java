package resnetmc.model;

/**
 * How weights vary across depth (Marion et al., arXiv 2206.06929, Sections 4-5): each entry of
 * sqrt(d) V_k (and sqrt(d) W_k), as a function of the layer k, is i.i.d., a Gaussian process in
 * t = k/L with an RBF kernel, or fractional Gaussian noise with Hurst index H (the increments of
 * fractional Brownian motion, rescaled to unit variance). Every layer's entries keep unit variance.
 */
public enum Regularity implements Labelled {
    IID("iid"), RBF("rbf"), FBM("fbm");

    private final String label;

    Regularity(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public static Regularity parse(String label) {
        return Labelled.parse(Regularity.class, label);
    }

    public static String allowed() {
        return Labelled.allowed(Regularity.class);
    }
}
