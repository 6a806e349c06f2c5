package resnetmc.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import resnetmc.model.InputKind;
import resnetmc.model.LossKind;
import resnetmc.rng.RandomStreams;

/** The scalar-output loss head of the dense and conditional samplers: (b . h - y)^2, p_L = 2 b (b . h - y). */
class ScalarOutputLossTest {

    /**
     * p_L is the gradient of the loss: central differences of (b . h - y)^2, a quadratic, are exact up
     * to rounding, so they match p_L to 1e-8 relative; and the head has one row of N(0, 1/d) entries
     * and a target in [0, 1].
     */
    @Test
    void gradientIsTheLossDerivative() {
        int d = 12;
        InputDraw in = InputDraw.draw(RandomStreams.of(1, 2, 3).inputs(), d, InputKind.GAUSSIAN,
                LossKind.SCALAR_OUTPUT);
        assertEquals(d, in.b.length);
        assertEquals(1, in.y.length);
        assertTrue(in.y[0] >= 0 && in.y[0] <= 1);
        double[] h = in.h0.clone();
        double[] p = new double[d];
        double scale = StrictMath.exp(in.gradientAt(h, 0.0, p));
        double dot = 0;
        for (int i = 0; i < d; i++) {
            dot += in.b[i] * h[i];
        }
        double eps = 1e-4;
        for (int i = 0; i < d; i++) {
            assertEquals(2 * in.b[i] * (dot - in.y[0]), p[i] * scale, 1e-12);
            double[] hp = h.clone();
            double[] hm = h.clone();
            hp[i] += eps;
            hm[i] -= eps;
            double fd = (in.quadraticLoss(hp) - in.quadraticLoss(hm)) / (2 * eps);
            assertEquals(fd, p[i] * scale, 1e-8 * Math.max(1, Math.abs(fd)));
        }
    }
}
