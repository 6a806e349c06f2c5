package resnetmc.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.model.Sampler;
import resnetmc.model.Scaling;
import resnetmc.model.WeightDistribution;

class WorkPlanTest {

    /** Cells whose costs span 1000x (depth 10 to 10 000 at the same width), 100 trials each. */
    private static List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (int depth : new int[] {10, 100, 1000, 10_000}) {
            cells.add(new Cell(Architecture.RES_3, Activation.RELU, WeightDistribution.GAUSSIAN, 16, depth, new Scaling.Beta(0.5), InputKind.GAUSSIAN, LossKind.QUADRATIC, Sampler.DENSE));
        }
        return cells;
    }

    @Test
    void everyTrialExactlyOnce() {
        List<List<WorkUnit>> bins = WorkPlan.plan(cells(), 100, 7);
        Set<String> seen = new HashSet<>();
        for (List<WorkUnit> bin : bins) {
            for (WorkUnit u : bin) {
                for (long t = u.firstTrial(); t < u.endTrial(); t++) {
                    assertTrue(seen.add(u.cell() + ":" + t), "duplicate " + u.cell() + ":" + t);
                }
            }
        }
        assertEquals(400, seen.size());
    }

    /**
     * The deepest cell holds 90% of the cost; cutting it into units of at most total/(4 P) and LPT
     * packing keeps the heaviest partition within 4/3 of the mean load (Graham's bound for LPT, which is
     * reached only when the units are few), instead of one partition with 90% of the work.
     */
    @Test
    void loadsAreBalanced() {
        int partitions = 6;
        List<List<WorkUnit>> bins = WorkPlan.plan(cells(), 100, partitions);
        assertEquals(partitions, bins.size());
        double[] loads = bins.stream().mapToDouble(b -> b.stream().mapToDouble(WorkUnit::cost).sum()).toArray();
        double mean = java.util.Arrays.stream(loads).average().orElseThrow();
        double max = java.util.Arrays.stream(loads).max().orElseThrow();
        assertTrue(max <= 4.0 / 3.0 * mean, "max load " + max / mean + " x mean");
    }

    @Test
    void samePlanEveryTime() {
        assertEquals(WorkPlan.plan(cells(), 100, 5), WorkPlan.plan(cells(), 100, 5));
    }

    @Test
    void autoPartitions() {
        assertEquals(6, WorkPlan.autoPartitions(2, 1000));
        assertEquals(4, WorkPlan.autoPartitions(16, 4)); // never more partitions than trials
    }

    /**
     * Checkpoint groups: consecutive cells, each cell in exactly one group. 40 equal cells in 8 groups
     * give 8 groups of 5; the cost-skewed grid (one cell with 90% of the cost) cannot be split below a
     * cell, so the deepest cell is a group of its own.
     */
    @Test
    void checkpointGroupsCoverEveryCellOnce() {
        List<Cell> equal = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            equal.add(cells().get(1));
        }
        List<List<Integer>> groups = WorkPlan.checkpointGroups(equal, 8);
        assertEquals(8, groups.size());
        int next = 0;
        for (List<Integer> g : groups) {
            assertEquals(5, g.size());
            for (int i : g) {
                assertEquals(next++, i, "consecutive");
            }
        }
        List<List<Integer>> skewed = WorkPlan.checkpointGroups(cells(), 4);
        assertEquals(List.of(3), skewed.get(skewed.size() - 1));
        assertEquals(List.of(0, 1, 2, 3), skewed.stream().flatMap(List::stream).toList());
        assertEquals(List.of(List.of(0, 1, 2, 3)), WorkPlan.checkpointGroups(cells(), 1));
    }
}
