package resnetmc.meanfield;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import resnetmc.model.Grid;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;
import resnetmc.theory.meanfield.Phi;

/**
 * The sweep of a mean-field run (Yang and Schoenholz, NeurIPS 2017; THEORY.md section 3): the cells are
 * the cartesian product, in the order arch, phi, initialisation, (sigma_w, sigma_v, sigma_a, sigma_b,
 * law), width, depth, scaling, input cosine (the last varies fastest). A preset initialisation fixes the
 * sigmas and the law (so the sigma lists and the laws multiply only {@code explicit} cells); the RRN has
 * no V and no a, so its cells record sigma_v = 1 and sigma_a = 0. Duplicates are dropped, first
 * occurrence kept.
 *
 * @param sampler the sampler of every cell, or empty for automatic: span conditioning for Gaussian
 *                weights, dense for the others
 */
public record MeanFieldGrid(List<MeanFieldArchitecture> archs, List<Phi> phis, List<Initialisation> inits,
                            List<Double> sigmaW, List<Double> sigmaV, List<Double> sigmaA, List<Double> sigmaB,
                            List<WeightDistribution> distributions, List<Integer> widths, List<Integer> depths,
                            List<Scaling> scalings, List<Double> cosines, double inputLength,
                            Optional<Sampler> sampler) {

    /** The weight and bias scales and the law of a cell: fixed by a preset, swept by {@code explicit}. */
    private record Scales(double sigmaW, double sigmaV, double sigmaA, double sigmaB, WeightDistribution law) {
    }

    public MeanFieldGrid {
        archs = List.copyOf(archs);
        phis = List.copyOf(phis);
        inits = List.copyOf(inits);
        sigmaW = List.copyOf(sigmaW);
        sigmaV = List.copyOf(sigmaV);
        sigmaA = List.copyOf(sigmaA);
        sigmaB = List.copyOf(sigmaB);
        distributions = List.copyOf(distributions);
        widths = List.copyOf(widths);
        depths = List.copyOf(depths);
        scalings = List.copyOf(scalings);
        cosines = List.copyOf(cosines);
        if (sampler.orElse(null) == Sampler.CONDITIONAL) {
            for (Initialisation init : inits) {
                List<WeightDistribution> laws = init == Initialisation.EXPLICIT ? distributions : List.of(init.law());
                for (WeightDistribution law : laws) {
                    if (law != WeightDistribution.GAUSSIAN) {
                        throw new Grid.Invalid(Grid.Axis.SAMPLER, "conditional is exact for Gaussian weights only, but "
                                + (init == Initialisation.EXPLICIT ? "the distributions include " + law.label()
                                : "the preset " + init.label() + " draws " + law.label() + " weights")
                                + "; use auto or dense");
                    }
                }
            }
        }
    }

    private List<Scales> settings(Initialisation init) {
        if (init != Initialisation.EXPLICIT) {
            return List.of(new Scales(init.sigma(), init.sigma(), 0.0, 0.0, init.law()));
        }
        List<Scales> out = new ArrayList<>();
        for (double w : sigmaW) {
            for (double v : sigmaV) {
                for (double a : sigmaA) {
                    for (double b : sigmaB) {
                        for (WeightDistribution law : distributions) {
                            out.add(new Scales(w, v, a, b, law));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The cells, in the order of the class comment, without duplicates. */
    public List<MeanFieldCell> cells() {
        Set<MeanFieldCell> cells = new LinkedHashSet<>();
        for (MeanFieldArchitecture arch : archs) {
            boolean frn = arch == MeanFieldArchitecture.FRN;
            for (Phi phi : phis) {
                for (Initialisation init : inits) {
                    for (Scales st : settings(init)) {
                        Sampler used = sampler.orElse(st.law() == WeightDistribution.GAUSSIAN
                                ? Sampler.CONDITIONAL : Sampler.DENSE);
                        for (int width : widths) {
                            for (int depth : depths) {
                                for (Scaling scaling : scalings) {
                                    for (double e : cosines) {
                                        cells.add(new MeanFieldCell(arch, phi, init, st.sigmaW(),
                                                frn ? st.sigmaV() : 1.0, frn ? st.sigmaA() : 0.0, st.sigmaB(),
                                                st.law(), width, depth, scaling, e, inputLength, used));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return new ArrayList<>(cells);
    }
}
