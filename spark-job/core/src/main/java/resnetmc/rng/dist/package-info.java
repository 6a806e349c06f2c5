/**
 * Exact samplers of the laws the chain sampler needs at any width (THEORY.md section 6), taking the
 * caller's generator: {@link resnetmc.rng.dist.Binomial} (any n up to 2^31 - 1, tails included) and
 * {@link resnetmc.rng.dist.Gamma} (gamma and chi-square with a shape that may change at every call, up
 * to 1e9 and beyond). Normals are commons-rng's McFarland ziggurat. Plain Java, no Spark.
 */
package resnetmc.rng.dist;
