package resnetmc.job.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Live progress of a run on the driver: cells done / total, trials done / total, trials per second and
 * ETA, as one updating console line on a terminal, or a plain line every {@link #PLAIN_EVERY_MS} when
 * the output is not a terminal (logs, CI).
 *
 * <p>Trials are counted by a long accumulator that the trial iterator increments: the values of
 * running tasks arrive with executor heartbeats, those of finished tasks with their end events. Counts
 * are kept per partition and capped by the partition's planned trials, and a partition counts as done
 * once, so task retries and recomputations of an evicted cache never count a trial twice. A cell is
 * done when every partition holding one of its work units is.
 */
final class Progress extends SparkListener {
    static final long TTY_EVERY_MS = 1000;
    static final long PLAIN_EVERY_MS = 15_000;

    private final long accumulatorId;
    private final long[] plannedTrials;          // per partition
    private final List<List<Integer>> cellPartitions;
    private final long totalTrials;
    private final Map<Long, Integer> taskPartition = new ConcurrentHashMap<>();
    /** Offset of a stage's tasks in the partition list: a run is one Spark job per checkpoint group. */
    private final Map<Integer, Integer> stageOffset = new ConcurrentHashMap<>();
    private final Map<Integer, Long> partial = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> done = new ConcurrentHashMap<>();
    private final PrintStream out;
    private final boolean tty;
    private final long startNanos = System.nanoTime();
    private Thread printer;

    Progress(List<List<WorkUnit>> bins, int cells, long totalTrials, long accumulatorId, PrintStream out, boolean tty) {
        this.accumulatorId = accumulatorId;
        this.totalTrials = totalTrials;
        this.out = out;
        this.tty = tty;
        this.plannedTrials = new long[bins.size()];
        this.cellPartitions = new ArrayList<>();
        for (int c = 0; c < cells; c++) {
            cellPartitions.add(new ArrayList<>());
        }
        for (int p = 0; p < bins.size(); p++) {
            for (WorkUnit u : bins.get(p)) {
                plannedTrials[p] += u.size();
                List<Integer> ps = cellPartitions.get(u.cell());
                if (!ps.contains(p)) {
                    ps.add(p);
                }
            }
        }
    }

    /** Starts printing; {@link #stop} prints the last line. */
    void start() {
        printer = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(tty ? TTY_EVERY_MS : PLAIN_EVERY_MS);
                    print(false);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "resnetmc-progress");
        printer.setDaemon(true);
        printer.start();
    }

    void stop() {
        if (printer != null) {
            printer.interrupt();
            try {
                printer.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        print(true);
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        String offset = submitted.properties() == null ? null
                : submitted.properties().getProperty(RunContext.BIN_OFFSET);
        if (offset != null) {
            stageOffset.put(submitted.stageInfo().stageId(), Integer.parseInt(offset));
        }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart start) {
        Integer offset = stageOffset.get(start.stageId());
        if (offset != null) {
            taskPartition.put(start.taskInfo().taskId(), offset + start.taskInfo().index());
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        Long value = ours(CollectionConverters.asJava(end.taskInfo().accumulables()));
        Integer offset = stageOffset.get(end.stageId());
        if (value == null || offset == null || offset + end.taskInfo().index() >= plannedTrials.length) {
            return;
        }
        int p = offset + end.taskInfo().index();
        if (end.taskInfo().successful()) {
            done.put(p, true);
        }
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> t
                : CollectionConverters.asJava(update.accumUpdates())) {
            Long value = ours(CollectionConverters.asJava(t._4()));
            Integer p = taskPartition.get((Long) t._1());
            if (value != null && p != null && p < plannedTrials.length) {
                partial.merge(p, value, Math::max);
            }
        }
    }

    /** The value of our accumulator among a task's accumulables, or null. */
    private Long ours(List<AccumulableInfo> infos) {
        for (AccumulableInfo a : infos) {
            if (a.id() == accumulatorId && a.update().isDefined()) {
                return ((Number) a.update().get()).longValue();
            }
        }
        return null;
    }

    long trialsDone() {
        long n = 0;
        for (int p = 0; p < plannedTrials.length; p++) {
            n += done.containsKey(p) ? plannedTrials[p] : Math.min(plannedTrials[p], partial.getOrDefault(p, 0L));
        }
        return n;
    }

    int cellsDone() {
        int n = 0;
        for (List<Integer> ps : cellPartitions) {
            if (ps.stream().allMatch(done::containsKey)) {
                n++;
            }
        }
        return n;
    }

    /** The progress line, e.g. "cells 12/45  trials 5400/18000 (30%)  450 trials/s  ETA 29 s". */
    String line() {
        long trials = trialsDone();
        double secs = (System.nanoTime() - startNanos) / 1e9;
        double rate = trials / Math.max(secs, 1e-3);
        String eta = trials == 0 ? "?" : trials >= totalTrials ? "0 s" : formatSeconds((totalTrials - trials) / rate);
        return String.format(Locale.ROOT, "cells %d/%d  trials %d/%d (%.0f%%)  %.1f trials/s  ETA %s", cellsDone(),
                cellPartitions.size(), trials, totalTrials, 100.0 * trials / Math.max(1, totalTrials), rate, eta);
    }

    private synchronized void print(boolean last) {
        if (tty) {
            out.print("\r" + line() + "\u001b[K" + (last ? "\n" : ""));
            out.flush();
        } else {
            out.println("progress: " + line());
        }
    }

    static String formatSeconds(double s) {
        if (s < 90) {
            return String.format(Locale.ROOT, "%.0f s", s);
        }
        if (s < 5400) {
            return String.format(Locale.ROOT, "%.0f min", s / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", s / 3600);
    }
}
