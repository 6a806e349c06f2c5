/**
 * The parameters of the experiment: what defines the law of a trial. A {@link resnetmc.model.Cell} is one
 * point of the sweep (architecture and activation of Marion et al., arXiv 2206.06929, eq. (res-1)-(res-3);
 * weight law; width; depth; the scaling alpha_L as a {@link resnetmc.model.Scaling}; input; loss; sampler;
 * the weights across layers as a {@link resnetmc.model.WeightProcess}), and a {@link resnetmc.model.Grid}
 * is the cartesian product of lists of them. The records hold the domain rules (res-3 is ReLU, correlated
 * weights are Gaussian and densely sampled, ranges of beta, H, ell), checked once, in their constructors.
 *
 * <p>Small immutable records and {@link resnetmc.model.Labelled} enums only. May import {@code java.*} and
 * {@code resnetmc.rng} (a cell's key is hashed into its stream id); nothing else of the project (no config
 * reading, no kernels) and no Spark.
 */
package resnetmc.model;
