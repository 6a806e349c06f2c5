package resnetmc.job.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

/** The {@code phases:} line that {@code submit/bench spark} parses back: phases in first-seen order, then the kernels' clocks. */
class PhaseTimesTest {

    @Test
    void lineHasPhasesInOrderThenKernelWallAndCpuSeconds() {
        PhaseTimes p = new PhaseTimes();
        p.add("session", 1.25);
        p.add("groups", 2.0);
        p.add("session", 0.5);     // merged into the first entry, which keeps its place
        assertEquals("phases: session=1.750 groups=2.000", p.line());
        LongAccumulator wall = new LongAccumulator();
        LongAccumulator cpu = new LongAccumulator();
        p.samplingClock(wall);
        p.samplingCpuClock(cpu);
        wall.add(3_000_000_000L);
        wall.add(500_000_000L);
        cpu.add(2_250_000_000L);
        assertEquals("phases: session=1.750 groups=2.000 sampling-task-s=3.500 sampling-task-cpu-s=2.250", p.line());
    }
}
