package resnetmc.meanfield;

import resnetmc.model.Labelled;
import resnetmc.model.WeightDistribution;

/**
 * Initialisation presets of the mean-field study (THEORY.md section 3), for the N x N matrices W and V of
 * a mean-field network (fan_in = fan_out = N; entries of variance sigma^2 / N):
 * <ul>
 * <li>He (He et al. 2015): Var(w) = 2 / fan_in, so sigma_w^2 = sigma_v^2 = 2;</li>
 * <li>Xavier/Glorot as THEORY.md section 3 writes it: Var(w) = 1 / (fan_in + fan_out) = 1 / (2N), so
 * sigma_w^2 = sigma_v^2 = 1/2 (the common variant 2 / (fan_in + fan_out) is sigma^2 = 1: use explicit
 * sigmas for it);</li>
 * </ul>
 * normal or uniform (on [-sqrt(3 Var), sqrt(3 Var)], the same variance), biases zero as Keras
 * initialises them. {@code explicit} takes sigma_w, sigma_v, sigma_a, sigma_b and the law from the grid.
 */
public enum Initialisation implements Labelled {
    EXPLICIT("explicit", Double.NaN, null),
    HE_NORMAL("he-normal", 2.0, WeightDistribution.GAUSSIAN),
    HE_UNIFORM("he-uniform", 2.0, WeightDistribution.UNIFORM),
    XAVIER_NORMAL("xavier-normal", 0.5, WeightDistribution.GAUSSIAN),
    XAVIER_UNIFORM("xavier-uniform", 0.5, WeightDistribution.UNIFORM);

    private final String label;
    private final double sigma2;
    private final WeightDistribution law;

    Initialisation(String label, double sigma2, WeightDistribution law) {
        this.label = label;
        this.sigma2 = sigma2;
        this.law = law;
    }

    @Override
    public String label() {
        return label;
    }

    /** sigma_w = sigma_v of the preset (NaN for explicit). */
    public double sigma() {
        return Math.sqrt(sigma2);
    }

    /** The preset's weight law (null for explicit: the grid's). */
    public WeightDistribution law() {
        return law;
    }
}
