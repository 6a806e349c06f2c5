/**
 * The mean-field mode (Yang and Schoenholz, NeurIPS 2017, "Mean Field Residual Networks: On the Edge of
 * Chaos"; THEORY.md section 3): its cells ({@link resnetmc.meanfield.MeanFieldCell}: FRN/RRN, phi,
 * initialisation presets, sigmas, two inputs of cosine e^0), its config builder
 * ({@link resnetmc.meanfield.MeanFieldConfigs}) and its kernel ({@link resnetmc.meanfield.MeanFieldSampler},
 * two inputs through the same weights). The infinite-width recursions it is compared with are in
 * {@code resnetmc.theory.meanfield}.
 *
 * <p>May import {@code resnetmc.model}, {@code resnetmc.config}, {@code resnetmc.rng},
 * {@code resnetmc.kernel}, {@code resnetmc.theory.meanfield}, Typesafe Config and commons-rng; no Spark.
 */
package resnetmc.meanfield;
