-- The best setting per optimizer and schedule: over (beta, lr), the cell with the fewest diverged
-- replicates and then the highest mean final test accuracy (lowest test loss for regression) of the
-- others, with the first evaluation step at which ||h_L - h_0|| / ||h_0|| on the probe batch passed 1
-- (in any replicate of that cell): how soon training moved the representation by its own size.
WITH cell AS (
  SELECT arch, width, depth, optimizer, schedule, beta, lr, count(*) AS n,
         sum(CASE WHEN diverged THEN 1 ELSE 0 END) AS n_diverged,
         avg(CASE WHEN diverged THEN NULL ELSE final_test_accuracy END) AS test_accuracy,
         avg(CASE WHEN diverged THEN NULL ELSE final_test_loss END) AS test_loss,
         avg(wall_seconds) AS wall_seconds
  FROM training_runs
  GROUP BY arch, width, depth, optimizer, schedule, beta, lr
), ranked AS (
  SELECT *, row_number() OVER (PARTITION BY arch, width, depth, optimizer, schedule
                               ORDER BY n_diverged, test_accuracy DESC NULLS LAST, test_loss ASC NULLS LAST,
                                        beta, lr) AS rank
  FROM cell
)
SELECT r.arch, r.width, r.depth, r.optimizer, r.schedule, r.beta, r.lr, r.n, r.n_diverged, r.test_accuracy,
       r.test_loss, r.wall_seconds, h.first_step_h_change_above_1
FROM ranked r
LEFT JOIN (SELECT arch, width, depth, optimizer, schedule, beta, base_lr,
                  min(CASE WHEN h_change > 1 AND NOT isnan(h_change) THEN step END) AS first_step_h_change_above_1
           FROM training_curves
           GROUP BY arch, width, depth, optimizer, schedule, beta, base_lr) h
  ON h.arch = r.arch AND h.width = r.width AND h.depth = r.depth AND h.optimizer = r.optimizer
     AND h.schedule = r.schedule AND h.beta <=> r.beta AND h.base_lr = r.lr
WHERE r.rank = 1
ORDER BY r.arch, r.width, r.depth, r.optimizer, r.schedule
