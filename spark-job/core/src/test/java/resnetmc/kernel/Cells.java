package resnetmc.kernel;

import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;

/** Cell factory for tests. */
final class Cells {
    private Cells() {
    }

    static Cell of(Architecture arch, Activation act, WeightDistribution law, int d, int depth, double beta,
                   LossKind loss) {
        return new Cell(arch, arch == Architecture.RES_3 ? Activation.RELU : act, law, d, depth, new Scaling.Beta(beta),
                InputKind.GAUSSIAN, loss, Sampler.DENSE);
    }

    static Cell withAlpha(Architecture arch, Activation act, int d, int depth, double alpha, InputKind input) {
        return new Cell(arch, arch == Architecture.RES_3 ? Activation.RELU : act, WeightDistribution.GAUSSIAN, d,
                depth, new Scaling.Explicit(alpha), input, LossKind.QUADRATIC, Sampler.DENSE);
    }
}
