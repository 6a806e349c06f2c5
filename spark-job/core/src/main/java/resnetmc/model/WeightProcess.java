package resnetmc.model;

import java.io.Serializable;

/**
 * How the weights vary across depth (Marion et al., arXiv 2206.06929, Sections 4-5): each entry of
 * sqrt(d) V_k (and sqrt(d) W_k), as a function of the layer k, is i.i.d., a Gaussian process in
 * t = k/L with an RBF kernel, or fractional Gaussian noise with Hurst index H (the increments of
 * fractional Brownian motion, rescaled to unit variance). Every layer's entries keep unit variance.
 */
public sealed interface WeightProcess extends Serializable
        permits WeightProcess.Iid, WeightProcess.Rbf, WeightProcess.Fbm {

    /** The i.i.d. weights of Hypothesis 1. */
    WeightProcess IID = new Iid();

    /** The families, as named by the {@code weights.regularity} key and the {@code regularity} column. */
    enum Kind implements Labelled {
        IID("iid"), RBF("rbf"), FBM("fbm");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }
    }

    Kind kind();

    default String label() {
        return kind().label();
    }

    /**
     * The text the cell key appends for this process: empty for i.i.d. weights, so that their cells keep
     * the keys (and so the random streams) they had before correlated weights existed.
     */
    String keySuffix();

    /**
     * Whether the layers' weights are independent, as Lemma 1 and Propositions 2-3 of the paper assume:
     * i.i.d. weights, or fGn at H = 1/2 (white noise).
     */
    boolean independentLayers();

    /**
     * Why these weights cannot be drawn with this entry law and sampler, or null when they can: the
     * correlated processes are Gaussian, and only the dense sampler holds a trial's whole weight field.
     * The one statement of the rule: {@link Cell} and {@link Grid} both ask it.
     */
    default String conflict(WeightDistribution law, Sampler sampler) {
        if (kind() == Kind.IID) {
            return null;
        }
        if (law != WeightDistribution.GAUSSIAN) {
            return label() + " weights are Gaussian processes across layers: they need gaussian entries, not "
                    + law.label();
        }
        if (sampler != Sampler.DENSE) {
            return label() + " weights are Gaussian processes across layers: they need the dense sampler, not "
                    + sampler.label();
        }
        return null;
    }

    /** Independent weights at every layer. */
    record Iid() implements WeightProcess {
        @Override
        public Kind kind() {
            return Kind.IID;
        }

        @Override
        public String keySuffix() {
            return "";
        }

        @Override
        public boolean independentLayers() {
            return true;
        }
    }

    /**
     * A stationary Gaussian process in t = k/L with kernel exp(-(t - t')^2 / (2 ell^2)).
     *
     * @param lengthScale ell, in units of t = k/L: finite and > 0
     */
    record Rbf(double lengthScale) implements WeightProcess {
        public Rbf {
            if (!(lengthScale > 0) || Double.isInfinite(lengthScale)) {
                throw new IllegalArgumentException("an RBF length-scale must be finite and > 0, got " + lengthScale);
            }
        }

        @Override
        public Kind kind() {
            return Kind.RBF;
        }

        @Override
        public String keySuffix() {
            return ";regularity=rbf;length-scale=" + lengthScale;
        }

        @Override
        public boolean independentLayers() {
            return false;
        }
    }

    /**
     * Fractional Gaussian noise: the unit-variance increments of fractional Brownian motion.
     *
     * @param hurst the Hurst index H, in (0, 1); H = 1/2 is white noise (i.i.d. in law)
     */
    record Fbm(double hurst) implements WeightProcess {
        public Fbm {
            if (!(hurst > 0 && hurst < 1)) {
                throw new IllegalArgumentException("a Hurst index must be in (0, 1), got " + hurst);
            }
        }

        @Override
        public Kind kind() {
            return Kind.FBM;
        }

        @Override
        public String keySuffix() {
            return ";regularity=fbm;hurst=" + hurst;
        }

        @Override
        public boolean independentLayers() {
            return hurst == 0.5;
        }
    }
}
