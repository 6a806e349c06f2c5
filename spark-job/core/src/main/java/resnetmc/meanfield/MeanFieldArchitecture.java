package resnetmc.meanfield;

import resnetmc.model.Labelled;

/**
 * The residual networks of Yang and Schoenholz (NeurIPS 2017, "Mean Field Residual Networks: On the
 * Edge of Chaos"; THEORY.md section 3), with biases and variance hyperparameters.
 */
public enum MeanFieldArchitecture implements Labelled {
    /** Full residual network: x^l = V phi(W x^{l-1} + b) + x^{l-1} + a. */
    FRN("frn"),
    /** Reduced residual network: x^l = phi(W x^{l-1} + b) + x^{l-1} (no V, no a). */
    RRN("rrn");

    private final String label;

    MeanFieldArchitecture(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

}
