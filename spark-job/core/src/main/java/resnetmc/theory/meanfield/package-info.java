/**
 * The infinite-width recursions of mean-field residual networks (Yang and Schoenholz, Mean Field
 * Residual Networks: On the Edge of Chaos, NeurIPS 2017; THEORY.md section 3): the Gaussian integrals of
 * the activations and the per-layer recursions of length, correlation and gradient. Plain Java; may
 * import commons-math only.
 */
package resnetmc.theory.meanfield;
