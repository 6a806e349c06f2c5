package resnetmc.training.optim;

/**
 * AdaGrad (Duchi, Hazan and Singer 2011), diagonal form:
 * G_{t+1} = G_t + g_t^2 (G_0 = 0), theta_{t+1} = theta_t - eta g_t / (sqrt(G_{t+1}) + epsilon),
 * with epsilon outside the root.
 */
final class AdaGrad implements Optimizer {
    private final double epsilon;
    private final double[] sumSquares;

    AdaGrad(int size, double epsilon) {
        this.epsilon = epsilon;
        this.sumSquares = new double[size];
    }

    @Override
    public void step(double[] params, double[] grad, double lr) {
        double[] s = sumSquares;
        for (int i = 0; i < s.length; i++) {
            double g = grad[i];
            s[i] += g * g;
            params[i] -= lr * g / (Math.sqrt(s[i]) + epsilon);
        }
    }
}
