package resnetmc.meanfield;

import resnetmc.model.Labelled;

/**
 * The activations phi of the mean-field networks (Yang and Schoenholz, NeurIPS 2017), as the
 * {@code grid.activation} key names them in {@code mode = meanfield}.
 */
public enum MeanFieldActivation implements Labelled {
    TANH("tanh"), RELU("relu"), ALPHA_RELU("alpha-relu");

    private final String label;

    MeanFieldActivation(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
