package resnetmc.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The residual branches of Marion et al., "Scaling ResNets in the Large-depth Regime"
 * (arXiv 2206.06929), eq. (res-1)-(res-3): h_{k+1} = h_k + alpha V_{k+1} g(h_k, theta_{k+1}).
 */
public enum Architecture {
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
    public String label() {
        return label;
    }

    /** Whether the branch has a matrix W inside the activation (res-2, res-3). */
    public boolean hasInnerWeights() {
        return innerWeights;
    }

    /** Parses a config label; {@code null} when unknown (the caller names the key). */
    public static Architecture parse(String label) {
        for (Architecture a : values()) {
            if (a.label.equals(label)) {
                return a;
            }
        }
        return null;
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Architecture::label).collect(Collectors.joining(", "));
    }
}
