package resnetmc.training.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import resnetmc.config.BadInputException;

/**
 * Each schedule against its rates worked out by hand from the schedules' formulas (THEORY.md section 4) for the first
 * steps; the comments carry the arithmetic.
 */
class SchedulesTest {

  private static final double TOL = 1e-15;

  private static ScheduleSpec spec(String name, double lr, long warmup) {
    // step: x0.5 every 3 steps; sgdr: T_0 = 4, T_{i+1} = 2 T_i, eta_min = 0; triangular: half cycle 2, floor 0.1 eta.
    double ratio = name.equals("triangular") ? 0.1 : 0.0;
    return new ScheduleSpec(name, lr, warmup, 3, 0.5, 4, 2.0, ratio, 2);
  }

  private static double[] rates(Schedule s, int n) {
    double[] r = new double[n];
    for (int t = 0; t < n; t++) {
      r[t] = s.rate(t);
    }
    return r;
  }

  @Test
  void constant() {
    assertArrayEquals(new double[] {0.3, 0.3, 0.3, 0.3}, rates(Schedules.create(spec("constant", 0.3, 0)), 4), 0.0);
  }

  @Test
  void stepDecay() {
    // 0.1 * 0.5^floor(t / 3).
    assertArrayEquals(new double[] {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025},
        rates(Schedules.create(spec("step", 0.1, 0)), 8), TOL);
  }

  @Test
  void cosineWithWarmRestarts() {
    // eta_t = eta_min + (eta - eta_min)(1 + cos(pi T_cur / T_i)) / 2 with eta = 1, eta_min = 0:
    // cycle 0 (T_0 = 4): t = 0..3 -> T_cur = 0..3: 1, (1 + cos(pi/4))/2, 1/2, (1 - cos(pi/4))/2;
    // cycle 1 (T_1 = 8) starts at t = 4 (restart to 1): t = 5 -> (1 + cos(pi/8))/2, t = 8 -> 1/2,
    // t = 11 -> (1 + cos(7 pi/8))/2; cycle 2 (T_2 = 16) starts at t = 12: 1.
    double c4 = Math.sqrt(0.5);
    double[] expected = {1, (1 + c4) / 2, 0.5, (1 - c4) / 2, 1, (1 + Math.cos(Math.PI / 8)) / 2, 0, 0, 0.5,
        0, 0, (1 + Math.cos(7 * Math.PI / 8)) / 2, 1};
    double[] got = rates(Schedules.create(spec("sgdr", 1.0, 0)), 13);
    for (int t : new int[] {0, 1, 2, 3, 4, 5, 8, 11, 12}) {
      assertEquals(expected[t], got[t], TOL, "t = " + t);
    }
    // mult = 1: period 4 for ever; t = 4001 is one step into cycle 1000.
    Schedule flat = Schedules.create(new ScheduleSpec("sgdr", 1.0, 0, 3, 0.5, 4, 1.0, 0.5, 2));
    assertEquals(0.5 + 0.25 * (1 + c4), flat.rate(4001), TOL);
    // eta_min = 0.5: mid-cycle is (0.5 + 1)/2.
    assertEquals(0.75, flat.rate(2), TOL);
  }

  @Test
  void triangularCyclical() {
    // Smith (2017): s = 2, c = floor(1 + t/4), x = |t/2 - 2c + 1|, eta_t = 0.1 + 0.9 max(0, 1 - x) for eta = 1:
    // t = 0: c = 1, x = 1 -> 0.1; t = 1: x = 0.5 -> 0.55; t = 2: x = 0 -> 1; t = 3: x = 0.5 -> 0.55;
    // t = 4: c = 2, x = 1 -> 0.1; t = 5: x = 0.5 -> 0.55; t = 6 -> 1.
    assertArrayEquals(new double[] {0.1, 0.55, 1, 0.55, 0.1, 0.55, 1},
        rates(Schedules.create(spec("triangular", 1.0, 0)), 7), TOL);
  }

  @Test
  void linearWarmUpComposesWithEachSchedule() {
    // W = 4: rate inner(0) (t + 1) / 4 for t < 4, then inner(t - 4).
    // constant 0.1: 0.025, 0.05, 0.075, 0.1, 0.1;
    // step 0.1: 0.025, 0.05, 0.075, 0.1, then the step decay from its own step 0: 0.1, 0.1, 0.05 at t = 7;
    // sgdr 1: 0.25, 0.5, 0.75, 1, then the first cycle from T_cur = 0: 1, (1 + cos(pi/4))/2 at t = 5;
    // triangular 1: ramps to its floor 0.1 (0.025, 0.05, 0.075, 0.1), then 0.1, 0.55, 1 at t = 4..6.
    assertArrayEquals(new double[] {0.025, 0.05, 0.075, 0.1, 0.1},
        rates(Schedules.create(spec("constant", 0.1, 4)), 5), TOL);
    assertArrayEquals(new double[] {0.025, 0.05, 0.075, 0.1, 0.1, 0.1, 0.1, 0.05},
        rates(Schedules.create(spec("step", 0.1, 4)), 8), TOL);
    assertArrayEquals(new double[] {0.25, 0.5, 0.75, 1, 1, (1 + Math.sqrt(0.5)) / 2},
        rates(Schedules.create(spec("sgdr", 1.0, 4)), 6), TOL);
    assertArrayEquals(new double[] {0.025, 0.05, 0.075, 0.1, 0.1, 0.55, 1},
        rates(Schedules.create(spec("triangular", 1.0, 4)), 7), TOL);
  }

  @Test
  void badParametersNameTheirKey() {
    assertEquals(List.of("constant", "step", "sgdr", "triangular"), Schedules.names());
    assertEquals("training.schedule",
        assertThrows(BadInputException.class, () -> Schedules.create(spec("cosine", 0.1, 0))).key());
    assertEquals("training.lr",
        assertThrows(BadInputException.class, () -> Schedules.create(spec("constant", 0.0, 0))).key());
    assertEquals("training.warmup-steps",
        assertThrows(BadInputException.class, () -> Schedules.create(spec("constant", 0.1, -1))).key());
    assertEquals("training.step-gamma", assertThrows(BadInputException.class,
        () -> Schedules.create(new ScheduleSpec("step", 0.1, 0, 3, 1.5, 4, 2, 0, 2))).key());
    assertEquals("training.sgdr-mult", assertThrows(BadInputException.class,
        () -> Schedules.create(new ScheduleSpec("sgdr", 0.1, 0, 3, 0.5, 4, 0.5, 0, 2))).key());
    assertEquals("training.half-cycle", assertThrows(BadInputException.class,
        () -> Schedules.create(new ScheduleSpec("triangular", 0.1, 0, 3, 0.5, 4, 2, 0, 0))).key());
    assertEquals("training.min-lr-ratio", assertThrows(BadInputException.class,
        () -> Schedules.create(new ScheduleSpec("triangular", 0.1, 0, 3, 0.5, 4, 2, 1.5, 2))).key());
    // A key the schedule does not use is not checked: step-every = 0 is fine for constant.
    assertEquals(0.1, Schedules.create(new ScheduleSpec("constant", 0.1, 0, 0, 0, 0, 0, 0, 0)).rate(7), 0.0);
  }
}
