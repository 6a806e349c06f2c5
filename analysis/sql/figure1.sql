-- Figure 1 of Marion et al.: ||h_L - h_0|| / ||h_0|| = sqrt(r_fwd) against L, per beta and law:
-- mean with a 95% interval, and the 5-95% quantile band.
SELECT distribution, beta, depth,
       avg(sqrt(r_fwd)) AS ratio_mean,
       avg(sqrt(r_fwd)) - 1.959964 * stddev_samp(sqrt(r_fwd)) / sqrt(count(*)) AS ratio_ci_low,
       avg(sqrt(r_fwd)) + 1.959964 * stddev_samp(sqrt(r_fwd)) / sqrt(count(*)) AS ratio_ci_high,
       percentile(sqrt(r_fwd), 0.05) AS ratio_p05,
       percentile(sqrt(r_fwd), 0.95) AS ratio_p95
FROM trials
GROUP BY distribution, beta, depth
ORDER BY distribution, beta, depth
