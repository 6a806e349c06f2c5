package resnetmc.training.optim;

/**
 * RMSProp (Hinton, Srivastava and Swersky 2012, Neural Networks for Machine Learning, lecture 6e):
 * G_{t+1} = rho G_t + (1 - rho) g_t^2 (G_0 = 0), theta_{t+1} = theta_t - eta g_t / (sqrt(G_{t+1}) + epsilon).
 * Often written alpha, the memory is {@code rho} in the config to keep alpha for the ResNet scale.
 * No bias correction: the first steps are larger than eta (by 1 / sqrt(1 - rho) at t = 0), as in the lecture.
 */
final class RmsProp implements Optimizer {
    private final double rho;
    private final double epsilon;
    private final double[] meanSquares;

    RmsProp(int size, double rho, double epsilon) {
        this.rho = rho;
        this.epsilon = epsilon;
        this.meanSquares = new double[size];
    }

    @Override
    public void step(double[] params, double[] grad, double lr) {
        double[] s = meanSquares;
        double keep = 1 - rho;
        for (int i = 0; i < s.length; i++) {
            double g = grad[i];
            s[i] = rho * s[i] + keep * g * g;
            params[i] -= lr * g / (Math.sqrt(s[i]) + epsilon);
        }
    }
}
