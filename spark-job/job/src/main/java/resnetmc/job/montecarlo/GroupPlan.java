package resnetmc.job.montecarlo;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import resnetmc.config.RunConfig;
import resnetmc.io.CheckpointStore;
import resnetmc.job.run.RunContext;
import resnetmc.job.run.Versions;
import resnetmc.job.run.WorkPlan;
import resnetmc.job.run.WorkUnit;
import resnetmc.model.Cell;

/**
 * The checkpoint groups of a run ({@link WorkPlan#checkpointGroups}: consecutive cells of about equal
 * cost, the unit of durable progress), which of them are still to compute, and the work plan of each
 * pending group over the run's partition count, its cells numbered as in the run. The plans are laid
 * end to end ({@link #allBins}) for the progress line.
 *
 * <p>Under {@code trials = auto} a plan is one round ({@link resnetmc.checks.TrialRounds}): the trials
 * [start, end) of the cells still undecided, in the same groups, each group's round its own checkpoint
 * ({@link #checkpointName}), so a resume continues after the last completed round of every group.
 *
 * @param round         the round (0 for a fixed trial count)
 * @param start         first trial of the round, of every active cell
 * @param end           end of the round's trials
 * @param groups        every group's cell indices that take part in the round (all cells in round 0
 *                      of a fixed count; an empty list for a group without active cells)
 * @param pending       the groups to compute (not completed by an interrupted run)
 * @param plans         the partitions of each pending group, in the order of {@code pending}
 * @param cellsReused   cells of the completed groups
 * @param cellsComputed cells of the pending groups
 */
record GroupPlan(int round, long start, long end, List<List<Integer>> groups, List<Integer> pending,
                 List<List<List<WorkUnit>>> plans, int cellsReused, int cellsComputed) {
    /**
     * Most checkpoint groups of {@code checkpoint-groups = auto}: a crash loses at most about 1/16 of the
     * work.
     */
    static final int MAX_AUTO_GROUPS = 16;
    /**
     * Estimated cost ({@link Cell#cost()} units) per core of one auto group: about 20 s of wall time on
     * the cluster's cores (the conditional sampler runs 546 res-3 trials/s of cost 5.8e5 at d = 64,
     * L = 1000 on one core, 3.2e8 units/s; the dense sampler is slower per unit, so its groups are
     * longer). A group costs one Spark job and Parquet commit, measured 0.45 s on 2 local cores
     * (quickstart, dense, 200 trials: 36.8 s of job in 16 groups against 29.7 s in one), so groups of
     * 20 s keep that under about 2% while a crash loses at most two groups' time.
     */
    static final double AUTO_GROUP_COST_PER_CORE = 20 * 3.2e8;
    /** First line of a run's checkpoint fingerprint: the number of groups asked for. */
    static final String GROUP_COUNT = "group-count=";

    /**
     * The groups of a run of {@code partitions} partitions with {@code requested} groups (0: auto), bound
     * to the run's checkpoints: a resume reuses the groups an interrupted run completed.
     */
    static GroupPlan of(RunConfig cfg, int requested, int partitions, RunContext run) throws IOException {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < cfg.cells().size(); i++) {
            all.add(i);
        }
        return of(cfg, requested, partitions, run, 0, cfg.trials(), all);
    }

    /**
     * Round {@code round} (trials [start, end) of the cells {@code active}, in increasing order) of a run
     * in rounds; round 0 with end = trials is a run of a fixed count.
     */
    static GroupPlan of(RunConfig cfg, int requested, int partitions, RunContext run, int round, long end,
                        List<Integer> active) throws IOException {
        long start = round == 0 ? 0 : cfg.rounds().start(round);
        CheckpointStore store = run.output().checkpoints();
        int groupCount = groupCount(cfg, requested, run.jsc().defaultParallelism());
        if (requested == 0) {
            // auto depends on the cluster's cores: a resume on another cluster keeps the interrupted run's groups.
            groupCount = store.storedFingerprint().flatMap(f -> f.lines().filter(l -> l.startsWith(GROUP_COUNT))
                    .map(l -> Integer.parseInt(l.substring(GROUP_COUNT.length()))).findFirst()).orElse(groupCount);
        }
        List<List<Integer>> all = WorkPlan.checkpointGroups(cfg.cells(), groupCount);
        store.bindFingerprint(GROUP_COUNT + groupCount + "\n" + fingerprint(cfg, all));
        Set<Integer> isActive = new HashSet<>(active);
        List<List<Integer>> groups = new ArrayList<>();
        for (List<Integer> g : all) {
            groups.add(g.stream().filter(isActive::contains).toList());
        }
        Set<String> done = new HashSet<>(store.names());
        List<Integer> pending = new ArrayList<>();
        int reused = 0;
        for (int g = 0; g < groups.size(); g++) {
            if (groups.get(g).isEmpty()) {
                continue;
            }
            if (done.contains(checkpointName(g, round))) {
                reused += groups.get(g).size();
            } else {
                pending.add(g);
            }
        }
        List<List<List<WorkUnit>>> plans = new ArrayList<>();
        for (int g : pending) {
            plans.add(plan(cfg, groups.get(g), start, end, partitions));
        }
        return new GroupPlan(round, start, end, groups, pending, plans, reused, active.size() - reused);
    }

    /**
     * The number of checkpoint groups of {@code checkpoint-groups} ({@code requested}, 0 for auto) on a
     * cluster of {@code cores} cores (Spark's default parallelism).
     */
    static int groupCount(RunConfig cfg, int requested, int cores) {
        if (requested > 0) {
            return Math.min(requested, cfg.cells().size());
        }
        double total = 0;
        for (Cell c : cfg.cells()) {
            total += c.cost() * cfg.trials();
        }
        double groups = total / (AUTO_GROUP_COST_PER_CORE * Math.max(1, cores));
        return (int) Math.max(1, Math.min(Math.min(MAX_AUTO_GROUPS, cfg.cells().size()), groups));
    }

    /**
     * The work plan of one group's cells over trials [start, end), the units' cells numbered as in the
     * run: the plan of end - start trials, shifted by start.
     */
    static List<List<WorkUnit>> plan(RunConfig cfg, List<Integer> group, long start, long end, int partitions) {
        List<Cell> sub = new ArrayList<>();
        for (int i : group) {
            sub.add(cfg.cells().get(i));
        }
        int trials = Math.toIntExact(end - start);
        long groupTrials = (long) trials * group.size();
        List<List<WorkUnit>> bins = new ArrayList<>();
        for (List<WorkUnit> bin : WorkPlan.plan(sub, trials, (int) Math.min(partitions, groupTrials))) {
            List<WorkUnit> global = new ArrayList<>();
            for (WorkUnit u : bin) {
                global.add(new WorkUnit(group.get(u.cell()), start + u.firstTrial(), start + u.endTrial(), u.cost()));
            }
            bins.add(global);
        }
        return bins;
    }

    /** The checkpoint of group {@code g}. */
    static String groupName(int g) {
        return String.format(Locale.ROOT, "trials-group-%04d", g);
    }

    /** The checkpoint of group {@code g}'s round {@code round}: round 0 is the group's (a fixed count's). */
    static String checkpointName(int g, int round) {
        return round == 0 ? groupName(g) : groupName(g) + String.format(Locale.ROOT, "-round-%02d", round);
    }

    /** The checkpoints of this round: one per group with active cells. */
    List<String> checkpointNames() {
        List<String> names = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            if (!groups.get(g).isEmpty()) {
                names.add(checkpointName(g, round));
            }
        }
        return names;
    }

    /** Trials this plan computes (its pending groups). */
    long trialsComputed() {
        return (end - start) * cellsComputed;
    }

    /**
     * What a run's checkpoints depend on: the resolved config without the keys that do not change any
     * number (where and how the run is executed), the checkpoint grouping and the project version.
     */
    static String fingerprint(RunConfig cfg, List<List<Integer>> groups) {
        com.typesafe.config.Config c = ConfigFactory.parseString(cfg.rendered());
        for (String k : List.of("output", "partitions", "progress", "resume", "lock-timeout", "checkpoint-groups")) {
            c = c.withoutPath(k);
        }
        return "version=" + Versions.PROJECT + "\ngroups=" + groups + "\nconfig="
                + c.root().render(ConfigRenderOptions.concise()) + "\n";
    }

    /** The partitions of every pending group, laid end to end. */
    List<List<WorkUnit>> allBins() {
        List<List<WorkUnit>> all = new ArrayList<>();
        plans.forEach(all::addAll);
        return all;
    }

    /** The work units of the pending groups. */
    int workUnits() {
        return allBins().stream().mapToInt(List::size).sum();
    }

    /** The cells of the pending groups. */
    List<Integer> pendingCells() {
        List<Integer> cells = new ArrayList<>();
        for (int g : pending) {
            cells.addAll(groups.get(g));
        }
        return cells;
    }
}
