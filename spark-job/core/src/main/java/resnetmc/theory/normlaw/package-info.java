/**
 * The exact law of the norm ratio ||h_L|| / ||h_0|| for Gaussian weights and the branches whose one-layer
 * law depends on h only through ||h|| (THEORY.md section 6): log rho^2 is a sum of L i.i.d. terms, whose
 * CDF, tails and quantiles are computed by a tilted Fourier inversion of the one-layer Mellin transform,
 * and the brackets it gives on P(r_fwd > t). An oracle for every sampler. Plain Java; may import
 * {@code stats} and commons-math.
 */
package resnetmc.theory.normlaw;
