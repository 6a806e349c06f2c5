-- Corollary 1's regimes: per beta, the slope of the mean log10 r_fwd against log10 L across the depths
-- of the grid (negative: r_fwd -> 0, beta > 1/2; positive: r_fwd -> infinity, beta < 1/2), next to
-- the job's own verdict.
SELECT c.arch, c.activation, c.distribution, c.width, c.beta,
       count(*) AS depths, min(c.depth) AS min_depth, max(c.depth) AS max_depth,
       regr_slope(c.log10_r_fwd_mean, log10(c.depth)) AS slope_log10_r_fwd,
       first(k.verdict) AS cor1_verdict
FROM cells c
LEFT JOIN (SELECT cell_id, verdict FROM checks WHERE statement = 'cor1' AND delta IS NULL) k
  ON c.cell_id = k.cell_id
GROUP BY c.arch, c.activation, c.distribution, c.width, c.beta
ORDER BY c.arch, c.activation, c.distribution, c.width, c.beta
