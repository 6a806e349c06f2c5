-- Trainability over (beta, learning rate), Figure 9 of Marion et al.: per network group, optimizer and
-- schedule, the replicates, how many diverged (NaN or loss above training.divergence-bound) and when
-- first, and the final metrics averaged over the replicates that did not diverge (null when all did).
-- The report's accuracy heatmaps and divergence maps draw exactly these rows.
SELECT dataset, arch, activation, width, depth, regularity, hurst, optimizer, schedule, beta, lr,
       count(*) AS n,
       sum(CASE WHEN diverged THEN 1 ELSE 0 END) AS n_diverged,
       avg(CASE WHEN diverged THEN 1.0 ELSE 0.0 END) AS diverged_fraction,
       min(diverged_step) AS first_diverged_step,
       avg(CASE WHEN diverged THEN NULL ELSE final_test_accuracy END) AS test_accuracy,
       avg(CASE WHEN diverged THEN NULL ELSE final_test_loss END) AS test_loss,
       avg(CASE WHEN diverged THEN NULL ELSE final_train_loss END) AS train_loss
FROM training_runs
WHERE beta IS NOT NULL
GROUP BY dataset, arch, activation, width, depth, regularity, hurst, optimizer, schedule, beta, lr
ORDER BY dataset, arch, activation, width, depth, regularity, hurst, optimizer, schedule, beta, lr
