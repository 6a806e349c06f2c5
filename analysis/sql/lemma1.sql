-- Lemma 1: Monte Carlo mean of r_fwd with its interval against both bounds and the exact value.
SELECT arch, activation, distribution, width, beta, depth, n,
       r_fwd_mean, r_fwd_ci_low, r_fwd_ci_high, lemma1_lower, lemma1_upper, exact_r_fwd_mean
FROM cells
ORDER BY arch, activation, distribution, width, beta, depth
