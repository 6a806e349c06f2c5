package resnetmc.job.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import resnetmc.model.Cell;

/**
 * Splits a run into work units of roughly equal cost and packs them into partitions.
 *
 * <p>A trial of cell c costs about {@link Cell#cost()} (dense: L d^2 draws per matrix and pass); cells of
 * one grid differ by 1000x and more, so counting trials would leave the deepest cell as one straggler
 * task. Units are cut to at most {@code total / (UNITS_PER_PARTITION * partitions)} cost (a unit holds
 * at least one trial), then placed by the longest-processing-time-first rule (Graham 1969: makespan
 * within 4/3 of optimal), each unit to the least-loaded partition. The plan only decides where work
 * runs; a trial's numbers depend on (seed, cell, trial) alone.
 */
public final class WorkPlan {
    /** Units per partition on average: enough for LPT to even out the loads, few enough to keep per-unit overhead low. */
    static final int UNITS_PER_PARTITION = 4;

    private WorkPlan() {
    }

    /** The units of each partition; every (cell, trial) appears in exactly one unit. */
    public static List<List<WorkUnit>> plan(List<Cell> cells, int trials, int partitions) {
        return plan(cells.stream().mapToDouble(Cell::cost).toArray(), trials, partitions);
    }

    /** The same for cells given by their per-trial costs (cell i costs {@code costs[i]}). */
    public static List<List<WorkUnit>> plan(double[] costs, int trials, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1");
        }
        double total = 0;
        for (double c : costs) {
            total += c * trials;
        }
        double target = total / ((double) UNITS_PER_PARTITION * partitions);
        List<WorkUnit> units = new ArrayList<>();
        for (int i = 0; i < costs.length; i++) {
            double cost = costs[i];
            long chunk = Math.max(1L, Math.min(trials, (long) Math.floor(target / cost)));
            for (long t = 0; t < trials; t += chunk) {
                long end = Math.min(trials, t + chunk);
                units.add(new WorkUnit(i, t, end, cost * (end - t)));
            }
        }
        units.sort(Comparator.comparingDouble(WorkUnit::cost).reversed()
                .thenComparingInt(WorkUnit::cell).thenComparingLong(WorkUnit::firstTrial));
        List<List<WorkUnit>> bins = new ArrayList<>();
        double[] load = new double[partitions];
        PriorityQueue<Integer> least = new PriorityQueue<>(
                Comparator.<Integer>comparingDouble(b -> load[b]).thenComparingInt(b -> b));
        for (int b = 0; b < partitions; b++) {
            bins.add(new ArrayList<>());
            least.add(b);
        }
        for (WorkUnit u : units) {
            int b = least.poll();
            bins.get(b).add(u);
            load[b] += u.cost();
            least.add(b);
        }
        bins.removeIf(List::isEmpty);
        return bins;
    }

    /**
     * Groups of consecutive cells (indices into {@code cells}) of roughly equal cost, at most
     * {@code groups} of them: the unit of durable progress of a run (a checkpoint each), so a crash
     * loses at most about 1/groups of the work. A group holds whole cells, at least one.
     */
    public static List<List<Integer>> checkpointGroups(List<Cell> cells, int groups) {
        double total = 0;
        for (Cell c : cells) {
            total += c.cost();
        }
        double target = total / Math.max(1, groups);
        List<List<Integer>> out = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        double load = 0;
        for (int i = 0; i < cells.size(); i++) {
            double cost = cells.get(i).cost();
            // Close the group when this cell would take it past the target by more than half the cell.
            if (!current.isEmpty() && load + cost / 2 > target) {
                out.add(current);
                current = new ArrayList<>();
                load = 0;
            }
            current.add(i);
            load += cost;
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    /** The default partition count: three per core, at most one per trial. */
    public static int autoPartitions(int defaultParallelism, long totalTrials) {
        return (int) Math.max(1, Math.min(3L * Math.max(1, defaultParallelism), totalTrials));
    }
}
