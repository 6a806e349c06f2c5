package resnetmc.job.run;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.util.LongAccumulator;

/**
 * The trials of a partition's work units, computed lazily one at a time in unit order. A new iterator
 * starts from the units again, so a recomputed task produces the same results (each trial from its own
 * streams). Subclasses say what one trial computes, typically keeping one kernel workspace for the
 * current cell (O(L d) memory per task whatever the number of cells).
 */
public abstract class UnitTrials<T> implements Iterator<T> {
    private final List<WorkUnit> units;
    private final LongAccumulator counter;
    private int unit;
    private long trial;

    protected UnitTrials(List<WorkUnit> units, LongAccumulator counter) {
        this.units = units;
        this.counter = counter;
        this.trial = units.isEmpty() ? 0 : units.get(0).firstTrial();
    }

    /** Trial {@code trial} of cell number {@code cell} of the run's cell list. */
    protected abstract T compute(int cell, long trial);

    @Override
    public final boolean hasNext() {
        while (unit < units.size() && trial >= units.get(unit).endTrial()) {
            unit++;
            if (unit < units.size()) {
                trial = units.get(unit).firstTrial();
            }
        }
        return unit < units.size();
    }

    @Override
    public final T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        T result = compute(units.get(unit).cell(), trial++);
        counter.add(1);
        return result;
    }
}
