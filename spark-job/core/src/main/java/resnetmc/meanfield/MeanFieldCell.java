package resnetmc.meanfield;

import java.io.Serializable;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;
import resnetmc.rng.RandomStreams;
import resnetmc.theory.meanfield.Phi;

/**
 * One cell of a mean-field run (Yang and Schoenholz, NeurIPS 2017; THEORY.md section 3): a network
 * family, its activation and hyperparameters, width N and depth L, the branch factor, and the cosine
 * e^0 of the two inputs.
 *
 * @param init         the preset the sigmas and law came from ({@link Initialisation#EXPLICIT} if none)
 * @param sigmaV       ignored by the RRN (it has no V), recorded as given
 * @param scaling      the factor on the residual branch: alpha_L = L^-beta, or explicit (1 by default:
 *                     Yang and Schoenholz's networks)
 * @param inputCosine  e^0, the cosine of the two inputs (both of squared length N p^0, p^0 = inputLength)
 */
public record MeanFieldCell(MeanFieldArchitecture arch, Phi phi, Initialisation init, double sigmaW, double sigmaV,
                            double sigmaA, double sigmaB, WeightDistribution distribution, int width, int depth,
                            Scaling scaling, double inputCosine, double inputLength, Sampler sampler)
        implements Serializable {

    /** The factor on the residual branch. */
    public double branch() {
        return scaling.alpha(depth);
    }

    /** The activation's name in configs and tables: tanh, relu, alpha-relu. */
    public String phiLabel() {
        return switch (phi.kind()) {
            case TANH -> "tanh";
            case RELU -> "relu";
            case ALPHA_RELU -> "alpha-relu";
        };
    }

    /** Canonical text of the cell; its hash seeds the cell's streams, so other cells never change it. */
    public String key() {
        StringBuilder sb = new StringBuilder(160).append("meanfield;arch=").append(arch.label())
                .append(";phi=").append(phiLabel());
        if (phi.kind() == Phi.Kind.ALPHA_RELU) {
            sb.append(";exponent=").append(phi.alpha());
        }
        sb.append(";init=").append(init.label())
                .append(";sigma-w=").append(sigmaW).append(";sigma-v=").append(sigmaV)
                .append(";sigma-a=").append(sigmaA).append(";sigma-b=").append(sigmaB)
                .append(";distribution=").append(distribution.label())
                .append(";width=").append(width).append(";depth=").append(depth)
                .append(';').append(scaling.keyPart())
                .append(";cosine=").append(inputCosine).append(";length=").append(inputLength)
                .append(";sampler=").append(sampler.label());
        return sb.toString();
    }

    /** A stable 64-bit id of {@link #key()} ({@link RandomStreams#stableId}). */
    public long id() {
        return RandomStreams.stableId(key());
    }

    /**
     * Relative cost of a trial in Gaussian draws, on the scale of {@link resnetmc.model.Cell#cost()}: the dense sampler
     * draws N^2 per matrix and pass (two inputs share the rows); span conditioning about 12 N per matrix
     * and pass (two directions and their Gram-Schmidt), plus a per-layer overhead.
     */
    public double cost() {
        int matrices = arch == MeanFieldArchitecture.FRN ? 2 : 1;
        if (sampler == Sampler.CONDITIONAL) {
            return (12.0 * matrices * width + 400.0) * depth;
        }
        return 2.0 * matrices * (double) width * width * depth;
    }
}
