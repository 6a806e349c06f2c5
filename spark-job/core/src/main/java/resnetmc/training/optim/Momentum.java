package resnetmc.training.optim;

/**
 * Gradient descent with momentum (Polyak 1964) in its exponential-average form (THEORY.md section 4):
 * v_{t+1} = gamma v_t + (1 - gamma) grad L(theta_t), theta_{t+1} = theta_t - eta_t v_{t+1}, v_0 = 0.
 * Unlike the "heavy ball" form v = gamma v + grad, the velocity is an average of gradients, so the
 * step size stays of order eta whatever gamma (a heavy ball's is eta / (1 - gamma)).
 */
final class Momentum implements Optimizer {
    private final double gamma;
    private final double[] velocity;

    Momentum(int size, double gamma) {
        this.gamma = gamma;
        this.velocity = new double[size];
    }

    @Override
    public void step(double[] params, double[] grad, double lr) {
        double[] v = velocity;
        double keep = 1 - gamma;
        for (int i = 0; i < v.length; i++) {
            v[i] = gamma * v[i] + keep * grad[i];
            params[i] -= lr * v[i];
        }
    }
}
