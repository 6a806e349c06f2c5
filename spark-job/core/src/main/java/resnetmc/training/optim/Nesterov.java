package resnetmc.training.optim;

/**
 * Nesterov's accelerated gradient in the same exponential-average form as {@link Momentum}:
 * v_{t+1} = gamma v_t + (1 - gamma) g_t, theta_{t+1} = theta_t - eta_t (gamma v_{t+1} + (1 - gamma) g_t).
 *
 * <p>Seed 001 names Nesterov's acceleration (sections 1.4 and 2) without writing its rule. Nesterov
 * evaluates the gradient at the look-ahead point theta_t - eta gamma v_t; the change of variables of
 * Sutskever et al. (2013) and Bengio et al. (2013) moves the look-ahead into the update, which then
 * applies the velocity one step ahead to the gradient at theta_t. In the heavy-ball scaling that is
 * PyTorch's and Keras's {@code nesterov=True} update g_t + gamma b_{t+1}, b_{t+1} = gamma b_t + g_t; with
 * the exponential average v = (1 - gamma) b of {@link Momentum} it becomes (1 - gamma) g_t + gamma v_{t+1}, exactly as
 * {@link Momentum}'s step is (1 - gamma) times the heavy ball's.
 */
final class Nesterov implements Optimizer {
    private final double gamma;
    private final double[] velocity;

    Nesterov(int size, double gamma) {
        this.gamma = gamma;
        this.velocity = new double[size];
    }

    @Override
    public void step(double[] params, double[] grad, double lr) {
        double[] v = velocity;
        double keep = 1 - gamma;
        for (int i = 0; i < v.length; i++) {
            double g = keep * grad[i];
            v[i] = gamma * v[i] + g;
            params[i] -= lr * (gamma * v[i] + g);
        }
    }
}
