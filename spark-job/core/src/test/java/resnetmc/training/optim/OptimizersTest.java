package resnetmc.training.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import resnetmc.config.BadInputException;

/**
 * Every rule against a few steps worked out by hand from the update rules restated in THEORY.md section 4 (the optimisers' papers) on the quadratic of the
 * seed's AdaGrad figure, f(x, y) = x^2 + 3 y^2, grad f = (2x, 6y), from theta_0 = (1, 2) (not on a
 * diagonal, so the two coordinates of the adaptive rules differ). The comments carry the arithmetic;
 * the expected values are written as that arithmetic. The same numbers come out of an independent
 * 20-line Python transcription of the seed's formulas (run while writing this test).
 */
class OptimizersTest {

  /** Hand-derived decimals against the doubles computed in another order: a few ulps. */
  private static final double TOL = 1e-14;
  /** epsilon > 0 is required; this one is below an ulp of every denominator here (all >= 1). */
  private static final double TINY = 1e-300;

  private static OptimizerSpec spec(String name) {
    return new OptimizerSpec(name, 0.5, 0.5, 0.96, TINY, 0.5, 0.0, "l2");
  }

  private static OptimizerSpec spec(String name, double weightDecay, String decay) {
    return new OptimizerSpec(name, 0.5, 0.5, 0.96, TINY, 0.5, weightDecay, decay);
  }

  /** Runs {@code steps} steps at rate {@code lr} on f and returns theta after each. */
  private static double[][] run(Optimizer opt, double lr, int steps) {
    double[] theta = {1, 2};
    double[][] out = new double[steps][];
    for (int t = 0; t < steps; t++) {
      double[] grad = {2 * theta[0], 6 * theta[1]};
      opt.step(theta, grad, lr);
      out[t] = theta.clone();
    }
    return out;
  }

  private static void assertPath(double[][] expected, double[][] actual) {
    for (int t = 0; t < expected.length; t++) {
      assertArrayEquals(expected[t], actual[t], TOL, "step " + (t + 1));
    }
  }

  @Test
  void sgd() {
    // theta_{t+1} = theta_t - 0.1 (2x, 6y) = (0.8 x, 0.4 y): x_t = 0.8^t, y_t = 2 * 0.4^t.
    double[][] got = run(Optimizers.create(spec("sgd"), 2), 0.1, 3);
    assertPath(new double[][] {{0.8, 0.8}, {0.64, 0.32}, {0.512, 0.128}}, got);
  }

  @Test
  void momentumExponentialAverage() {
    // gamma = 0.5, eta = 0.1; v_{t+1} = 0.5 v_t + 0.5 g_t, theta_{t+1} = theta_t - 0.1 v_{t+1}.
    // t=0: g = (2, 12),     v = (1, 6),                          theta = (0.9, 1.4)
    // t=1: g = (1.8, 8.4),  v = (0.5 + 0.9, 3 + 4.2) = (1.4, 7.2), theta = (0.76, 0.68)
    // t=2: g = (1.52, 4.08), v = (0.7 + 0.76, 3.6 + 2.04) = (1.46, 5.64), theta = (0.614, 0.116)
    double[][] got = run(Optimizers.create(spec("momentum"), 2), 0.1, 3);
    assertPath(new double[][] {{0.9, 1.4}, {0.76, 0.68}, {0.614, 0.116}}, got);
  }

  @Test
  void nesterov() {
    // gamma = 0.5, eta = 0.1; v_{t+1} = 0.5 v_t + 0.5 g_t, u = 0.5 v_{t+1} + 0.5 g_t, theta -= 0.1 u.
    // t=0: g = (2, 12),       v = (1, 6),           u = (0.5 + 1, 3 + 6) = (1.5, 9),   theta = (0.85, 1.1)
    // t=1: g = (1.7, 6.6),    v = (1.35, 6.3),      u = (0.675 + 0.85, 3.15 + 3.3) = (1.525, 6.45),
    //      theta = (0.6975, 0.455)
    // t=2: g = (1.395, 2.73), v = (1.3725, 4.515),  u = (0.68625 + 0.6975, 2.2575 + 1.365) = (1.38375, 3.6225),
    //      theta = (0.559125, 0.09275)
    double[][] got = run(Optimizers.create(spec("nesterov"), 2), 0.1, 3);
    assertPath(new double[][] {{0.85, 1.1}, {0.6975, 0.455}, {0.559125, 0.09275}}, got);
  }

  @Test
  void adaGrad() {
    // G_{t+1} = G_t + g^2, theta -= 0.1 g / sqrt(G_{t+1}).
    // t=0: g = (2, 12), G = (4, 144): each coordinate moves by exactly 0.1 -> (0.9, 1.9)
    // t=1: g = (1.8, 11.4), G = (4 + 3.24, 144 + 129.96) = (7.24, 273.96),
    //      theta = (0.9 - 0.18 / sqrt(7.24), 1.9 - 1.14 / sqrt(273.96))
    double[][] got = run(Optimizers.create(spec("adagrad"), 2), 0.1, 2);
    assertPath(new double[][] {{0.9, 1.9},
        {0.9 - 0.18 / Math.sqrt(7.24), 1.9 - 1.14 / Math.sqrt(273.96)}}, got);
  }

  @Test
  void epsilonIsOutsideTheRoot() {
    // Seed 001 writes g / (sqrt(G) + eps). One step from (1, 2), eps = 1, eta = 0.1:
    // AdaGrad: G = (4, 144) -> theta = (1 - 0.2 / (2 + 1), 2 - 1.2 / (12 + 1));
    // (eps inside the root would give 1 - 0.2 / sqrt(5) instead).
    // RMSProp, rho = 0.5: G = (2, 72) -> theta = (1 - 0.2 / (sqrt 2 + 1), 2 - 1.2 / (sqrt 72 + 1)).
    // Adam, beta = (0.5, 0.96): m^ = g, v^ = g^2 -> theta = (1 - 0.2 / 3, 2 - 1.2 / 13).
    OptimizerSpec big = new OptimizerSpec("adagrad", 0.5, 0.5, 0.96, 1.0, 0.5, 0.0, "l2");
    assertArrayEquals(new double[] {1 - 0.2 / 3, 2 - 1.2 / 13},
        run(Optimizers.create(big, 2), 0.1, 1)[0], TOL);
    OptimizerSpec rms = new OptimizerSpec("rmsprop", 0.5, 0.5, 0.96, 1.0, 0.5, 0.0, "l2");
    assertArrayEquals(new double[] {1 - 0.2 / (Math.sqrt(2) + 1), 2 - 1.2 / (Math.sqrt(72) + 1)},
        run(Optimizers.create(rms, 2), 0.1, 1)[0], TOL);
    OptimizerSpec adam = new OptimizerSpec("adam", 0.5, 0.5, 0.96, 1.0, 0.5, 0.0, "l2");
    assertArrayEquals(new double[] {1 - 0.2 / 3, 2 - 1.2 / 13},
        run(Optimizers.create(adam, 2), 0.1, 1)[0], TOL);
  }

  @Test
  void rmsProp() {
    // rho = 0.5: G_{t+1} = 0.5 G_t + 0.5 g^2, theta -= 0.1 g / sqrt(G_{t+1}).
    // t=0: g = (2, 12), G = (2, 72): steps 0.2 / sqrt 2 = 1.2 / sqrt 72 = 0.1 sqrt 2 (no bias correction:
    //      the first step is eta / sqrt(1 - rho)); a = 1 - 0.1 sqrt 2, b = 2 - 0.1 sqrt 2.
    // t=1: g = (2a, 6b), G = (1 + 2a^2, 36 + 18 b^2), theta = (a - 0.2 a / sqrt(1 + 2a^2), b - 0.6 b / sqrt(36 + 18 b^2)).
    double a = 1 - 0.1 * Math.sqrt(2);
    double b = 2 - 0.1 * Math.sqrt(2);
    double[][] got = run(Optimizers.create(spec("rmsprop"), 2), 0.1, 2);
    assertPath(new double[][] {{a, b},
        {a - 0.2 * a / Math.sqrt(1 + 2 * a * a), b - 0.6 * b / Math.sqrt(36 + 18 * b * b)}}, got);
  }

  @Test
  void adamWithBiasCorrection() {
    // beta1 = 0.5, beta2 = 0.96, eta = 0.1.
    // t=0: g = (2, 12); m = 0.5 g = (1, 6), m^ = m / 0.5 = g; v = 0.04 g^2 = (0.16, 5.76), v^ = v / 0.04 = g^2:
    //      the corrected first step is eta * sign(g) -> (0.9, 1.9). (Without the correction it would be
    //      0.1 * 0.5 / sqrt(0.04) = 0.25 per coordinate.)
    // t=1: g = (1.8, 11.4); m = 0.5 (1, 6) + 0.5 g = (1.4, 8.7), m^ = m / (1 - 0.25) = m / 0.75;
    //      v = 0.96 (0.16, 5.76) + 0.04 (3.24, 129.96) = (0.1536 + 0.1296, 5.5296 + 5.1984) = (0.2832, 10.728),
    //      v^ = v / (1 - 0.96^2) = v / 0.0784; theta -= 0.1 m^ / sqrt(v^).
    double[][] got = run(Optimizers.create(spec("adam"), 2), 0.1, 2);
    assertPath(new double[][] {{0.9, 1.9},
        {0.9 - 0.1 * (1.4 / 0.75) / Math.sqrt(0.2832 / 0.0784),
            1.9 - 0.1 * (8.7 / 0.75) / Math.sqrt(10.728 / 0.0784)}}, got);
  }

  @Test
  void l2AndDecoupledDecayAgreeForPlainGradientDescent() {
    // Seed 001, section 3.3: for gradient descent w - eta (grad L + lambda w) is the weight decay
    // w - eta grad L - eta lambda w: the two forms are one update. lambda = 0.5, eta = 0.1, theta = (1, 2):
    // theta_1 = (1 - 0.1 (2 + 0.5), 2 - 0.1 (12 + 1)) = (0.75, 0.7).
    double[] l2 = run(Optimizers.create(spec("sgd", 0.5, "l2"), 2), 0.1, 1)[0];
    double[] dec = run(Optimizers.create(spec("sgd", 0.5, "decoupled"), 2), 0.1, 1)[0];
    assertArrayEquals(new double[] {0.75, 0.7}, l2, TOL);
    assertArrayEquals(l2, dec, TOL);
  }

  @Test
  void l2PenaltyPassesThroughMomentumAsTheSeedDerives() {
    // Seed 001, section 3.3: with momentum and L2, w_{t+1} = w_t - eta beta v_t - eta (1 - beta) grad L
    // - eta (1 - beta) lambda w_t: the decay is scaled by (1 - beta). Decoupled keeps eta lambda w_t.
    // First step (v_0 = 0), gamma = 0.5, lambda = 0.5, eta = 0.1, theta = (1, 2), g = (2, 12):
    //   L2:        theta - 0.1 * 0.5 * (g + 0.5 theta) = (1 - 0.05 * 2.5, 2 - 0.05 * 13) = (0.875, 1.35)
    //   decoupled: theta - 0.1 * 0.5 * g - 0.1 * 0.5 * theta = (1 - 0.1 - 0.05, 2 - 0.6 - 0.1) = (0.85, 1.3)
    // the difference is eta gamma lambda theta = 0.025 theta = (0.025, 0.05).
    double[] l2 = run(Optimizers.create(spec("momentum", 0.5, "l2"), 2), 0.1, 1)[0];
    double[] dec = run(Optimizers.create(spec("momentum", 0.5, "decoupled"), 2), 0.1, 1)[0];
    assertArrayEquals(new double[] {0.875, 1.35}, l2, TOL);
    assertArrayEquals(new double[] {0.85, 1.3}, dec, TOL);
  }

  @Test
  void adamWDiffersFromAdamPlusL2AsTheSeedExplains() {
    // Adam's normalisation divides the L2 term by the root of its own square: the penalty no longer
    // shrinks large weights more (Loshchilov and Hutter, Decoupled Weight Decay Regularization, ICLR 2019).
    // lambda = 0.1, eta = 0.1, beta = (0.5, 0.96), theta_0 = (1, 2), one step, f as above, g = (2, 12):
    //   Adam + L2: g' = (2 + 0.1, 12 + 0.2); the corrected first step is eta sign(g') -> (0.9, 1.9):
    //              exactly the step of Adam without decay, lambda has vanished.
    //   AdamW:     theta - eta sign(g) - eta lambda theta = (1 - 0.1 - 0.01, 2 - 0.1 - 0.02) = (0.89, 1.88).
    double[] plain = run(Optimizers.create(spec("adam"), 2), 0.1, 1)[0];
    double[] adamL2 = run(Optimizers.create(spec("adam", 0.1, "l2"), 2), 0.1, 1)[0];
    double[] adamW = run(Optimizers.create(spec("adamw", 0.1, "l2"), 2), 0.1, 1)[0];
    double[] adamDecoupled = run(Optimizers.create(spec("adam", 0.1, "decoupled"), 2), 0.1, 1)[0];
    assertArrayEquals(new double[] {0.9, 1.9}, adamL2, TOL);
    assertArrayEquals(plain, adamL2, TOL);
    assertArrayEquals(new double[] {0.89, 1.88}, adamW, TOL);
    // adamw decouples whatever training.decay says; adam with decay = decoupled is the same rule.
    assertArrayEquals(adamW, adamDecoupled, 0.0);

    // Decay alone (zero loss gradient) over 3 steps from (1, 2), lambda = 0.1, eta = 0.1:
    //   AdamW: m = v = 0, so theta_t = (1 - 0.01)^t theta_0: (0.970299, 1.940598), proportional to theta_0.
    //   Adam + L2: g' = lambda theta stays positive and its m^ / sqrt(v^) is 1 at t = 0, then close to 1,
    //              so each coordinate drops by about eta per step whatever its size: both by ~0.3.
    double[] w = {1, 2};
    double[] l = {1, 2};
    Optimizer adamWOpt = Optimizers.create(spec("adamw", 0.1, "decoupled"), 2);
    Optimizer adamL2Opt = Optimizers.create(spec("adam", 0.1, "l2"), 2);
    for (int t = 0; t < 3; t++) {
      adamWOpt.step(w, new double[2], 0.1);
      adamL2Opt.step(l, new double[2], 0.1);
    }
    assertArrayEquals(new double[] {0.970299, 1.940598}, w, TOL);
    assertEquals(1 - l[0], 2 - l[1], 0.01, "Adam + L2 shrinks both coordinates by the same amount");
    assertTrue(1 - l[0] > 0.28 && 1 - l[0] < 0.31, "about 3 eta: " + (1 - l[0]));
  }

  @Test
  void zeroDecayIsNoDecay() {
    double[][] a = run(Optimizers.create(spec("rmsprop"), 2), 0.1, 3);
    double[][] b = run(Optimizers.create(spec("rmsprop", 0.0, "decoupled"), 2), 0.1, 3);
    assertArrayEquals(a[2], b[2], 0.0);
  }

  @Test
  void eachInstanceHasItsOwnState() {
    Optimizer one = Optimizers.create(spec("adam"), 2);
    Optimizer other = Optimizers.create(spec("adam"), 2);
    run(one, 0.1, 5);
    assertArrayEquals(run(Optimizers.create(spec("adam"), 2), 0.1, 2)[1], run(other, 0.1, 2)[1], 0.0);
  }

  @Test
  void badParametersNameTheirKey() {
    assertEquals(List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"), Optimizers.names());
    assertEquals("training.optimizer",
        assertThrows(BadInputException.class, () -> Optimizers.create(spec("lion"), 2)).key());
    assertEquals("training.decay",
        assertThrows(BadInputException.class, () -> Optimizers.create(spec("sgd", 0.1, "l1"), 2)).key());
    assertEquals("training.momentum", assertThrows(BadInputException.class, () -> Optimizers.create(
        new OptimizerSpec("momentum", 1.0, 0.9, 0.999, 1e-8, 0.9, 0, "l2"), 2)).key());
    assertEquals("training.beta2", assertThrows(BadInputException.class, () -> Optimizers.create(
        new OptimizerSpec("adam", 0.9, 0.9, -0.1, 1e-8, 0.9, 0, "l2"), 2)).key());
    assertEquals("training.epsilon", assertThrows(BadInputException.class, () -> Optimizers.create(
        new OptimizerSpec("adam", 0.9, 0.9, 0.999, 0, 0.9, 0, "l2"), 2)).key());
    assertEquals("training.weight-decay", assertThrows(BadInputException.class, () -> Optimizers.create(
        new OptimizerSpec("adam", 0.9, 0.9, 0.999, 1e-8, 0.9, Double.NaN, "l2"), 2)).key());
  }
}
