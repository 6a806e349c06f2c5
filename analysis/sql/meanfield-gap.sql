-- Mean-field runs (mode = meanfield): the deepest layer of every cell, Monte Carlo against the
-- infinite-width recursion, as relative gaps; theory_note says when a gap is expected (RRN ReLU
-- gradients, alpha-ReLU with exponent <= 1/2, the O(1/N) bias of s).
SELECT arch,
       CASE WHEN alpha_relu_exponent IS NULL THEN activation ELSE concat(activation, ' ', alpha_relu_exponent) END AS phi,
       init, width, depth,
       (p_mc - p_theory) / p_theory AS p_gap,
       e_mc - e_theory AS e_diff,
       chi_ratio_mc / chi_ratio_theory AS chi_ratio_mc_over_theory,
       theory_note
FROM layers
WHERE layer = depth
ORDER BY arch, phi, init, width, depth;
