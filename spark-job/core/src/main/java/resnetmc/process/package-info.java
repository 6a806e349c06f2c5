/**
 * Gaussian processes over the L layers for weights correlated across depth (Marion et al., arXiv
 * 2206.06929, Sections 4-5): fractional Gaussian noise by circulant embedding and the RBF-kernel process by
 * eigendecomposition, both a {@link resnetmc.process.LayerProcess} precomputed once per cell and shared by
 * its trials.
 *
 * <p>Numerical code on primitive arrays; kernels pass the generator. May import commons-rng, JTransforms,
 * netlib LAPACK and {@code java.*}; nothing of the project, no Spark.
 */
package resnetmc.process;
