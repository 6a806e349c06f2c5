-- Figure 1 of Marion et al.: the forward ratio ||h_L - h_0|| / ||h_0|| = sqrt(r_fwd) (direction fwd)
-- and the gradient ratio ||p_0 - p_L|| / ||p_L|| = sqrt(r_bwd) (direction bwd) against L, per cell
-- group and beta, over the trials where the ratio is finite: mean with its 95% interval, standard
-- deviation and the 5-95% quantile band. The report's Figure 1 panels draw exactly these rows.
WITH ratios AS (
  SELECT 'fwd' AS direction, arch, activation, distribution, width, regularity, length_scale, hurst, beta, depth,
         sqrt(r_fwd) AS ratio
  FROM trials
  WHERE beta IS NOT NULL AND NOT isnan(r_fwd) AND r_fwd < double('Infinity')
  UNION ALL
  SELECT 'bwd' AS direction, arch, activation, distribution, width, regularity, length_scale, hurst, beta, depth,
         sqrt(r_bwd) AS ratio
  FROM trials
  WHERE beta IS NOT NULL AND NOT isnan(r_bwd) AND r_bwd < double('Infinity')
)
SELECT direction, arch, activation, distribution, width, regularity, length_scale, hurst, beta, depth,
       count(*) AS n,
       avg(ratio) AS ratio_mean,
       stddev_samp(ratio) AS ratio_sd,
       avg(ratio) - 1.959963984540054D * coalesce(stddev_samp(ratio), 0D) / sqrt(count(*)) AS ratio_ci_low,
       avg(ratio) + 1.959963984540054D * coalesce(stddev_samp(ratio), 0D) / sqrt(count(*)) AS ratio_ci_high,
       percentile(ratio, 0.05) AS ratio_p05,
       percentile(ratio, 0.95) AS ratio_p95
FROM ratios
GROUP BY direction, arch, activation, distribution, width, regularity, length_scale, hurst, beta, depth
ORDER BY direction, arch, activation, distribution, width, regularity, length_scale, hurst, beta, depth
