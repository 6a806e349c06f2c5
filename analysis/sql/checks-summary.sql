-- Verdicts per statement: how many checks hold, fail, cannot tell, or do not apply.
SELECT statement, verdict, count(*) AS checks
FROM checks
GROUP BY statement, verdict
ORDER BY statement, verdict
