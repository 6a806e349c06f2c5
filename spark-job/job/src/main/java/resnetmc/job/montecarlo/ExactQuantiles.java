package resnetmc.job.montecarlo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import resnetmc.checks.Oracles;
import resnetmc.config.RunConfig;
import resnetmc.job.run.RunContext;
import resnetmc.model.Cell;
import resnetmc.theory.normlaw.Branch;

/**
 * The {@code exact_log10_h_ratio_p05/p50/p95} columns of {@code cells}: the norm law's quantiles
 * ({@link Oracles#exactLog10HRatioQuantiles}) of every cell that has one, computed as one Spark job of
 * one task per cell, since a cell takes from milliseconds (wide layers) to seconds (ReLU at small width,
 * where the transform is costly) and the cells are independent.
 */
final class ExactQuantiles {

    private ExactQuantiles() {
    }

    /** @return per cell of the grid, its three exact quantiles or {@code null} */
    static List<double[]> of(RunContext run, RunConfig cfg) {
        List<Cell> cells = cfg.cells();
        List<double[]> out = new ArrayList<>(cells.size());
        // cells with the same law (res-3 and res-2 ReLU; any input, loss or sampler) are computed once
        Map<String, Integer> lawIndex = new LinkedHashMap<>();
        List<Cell> lawCells = new ArrayList<>();
        int[] lawOf = new int[cells.size()];
        for (int i = 0; i < cells.size(); i++) {
            out.add(null);
            Cell c = cells.get(i);
            Optional<Branch> branch = Branch.of(c);
            lawOf[i] = -1;
            if (branch.isPresent()) {
                String key = branch.get() + "/" + c.width() + "/" + c.depth() + "/" + Double.doubleToLongBits(c.alpha());
                lawOf[i] = lawIndex.computeIfAbsent(key, k -> {
                    lawCells.add(c);
                    return lawCells.size() - 1;
                });
            }
        }
        if (lawCells.isEmpty()) {
            return out;
        }
        run.spark().sparkContext().setJobDescription("exact quantiles of log10 h_ratio");
        List<double[]> values = run.jsc().parallelize(lawCells, lawCells.size())
                .map(Oracles::exactLog10HRatioQuantiles).collect();
        for (int i = 0; i < cells.size(); i++) {
            if (lawOf[i] >= 0) {
                out.set(i, values.get(lawOf[i]));
            }
        }
        return out;
    }
}
