package resnetmc.job.montecarlo;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;
import resnetmc.checks.CheckRow;
import resnetmc.model.Cell;
import resnetmc.rare.RareEstimate;
import resnetmc.rare.Tails;
import resnetmc.rare.TiltedChain;

/**
 * The {@code tails} table of a Monte Carlo run ({@link Tails}): the rare-event estimates are spread over the
 * executors, each estimate cut into chunks of trials; each chunk returns its trials' log weights, which
 * are put back in trial order before they are combined, so the numbers do not depend on the partitioning.
 */
final class TailsTable {
    /** Trials per Spark task of an estimate. */
    private static final int CHUNK = 16;

    private TailsTable() {
    }

    static List<resnetmc.rare.TailRow> rows(JavaSparkContext jsc, List<CheckRow> checks, List<Cell> cells,
                                            int trials, long seed) {
        List<Tails.Estimation> planned = Tails.plan(checks, cells, trials, seed);
        return Tails.rows(checks, cells, planned, spark(jsc).estimate(planned));
    }

    private record Chunk(int estimation, int from, int to) implements java.io.Serializable {
    }

    /** An estimator that runs the chunks of all estimates as one Spark job. */
    static Tails.Estimator spark(JavaSparkContext jsc) {
        return todo -> {
            if (todo.isEmpty()) {
                return List.of();
            }
            List<Chunk> chunks = new ArrayList<>();
            for (int j = 0; j < todo.size(); j++) {
                int n = todo.get(j).trials();
                for (int from = 0; from < n; from += CHUNK) {
                    chunks.add(new Chunk(j, from, Math.min(n, from + CHUNK)));
                }
            }
            List<Tails.Estimation> work = List.copyOf(todo);
            List<Tuple2<Chunk, double[]>> done = jsc.parallelize(chunks, chunks.size())
                    .map(c -> new Tuple2<>(c, work.get(c.estimation()).logWeights(c.from(), c.to())))
                    .collect();
            double[][] logW = new double[todo.size()][];
            for (int j = 0; j < todo.size(); j++) {
                logW[j] = new double[todo.get(j).trials()];
            }
            for (Tuple2<Chunk, double[]> t : done) {
                System.arraycopy(t._2(), 0, logW[t._1().estimation()], t._1().from(), t._2().length);
            }
            List<RareEstimate> out = new ArrayList<>();
            for (int j = 0; j < todo.size(); j++) {
                out.add(TiltedChain.combine(logW[j], todo.get(j).tilt(), todo.get(j).confidence()));
            }
            return out;
        };
    }
}
