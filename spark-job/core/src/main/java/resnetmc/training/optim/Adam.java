package resnetmc.training.optim;

/**
 * Adam with its bias correction (Kingma and Ba 2015, Algorithm 1):
 * m_{t+1} = beta1 m_t + (1 - beta1) g_t, v_{t+1} = beta2 v_t + (1 - beta2) g_t^2 (m_0 = v_0 = 0),
 * m^_{t+1} = m_{t+1} / (1 - beta1^{t+1}), v^_{t+1} = v_{t+1} / (1 - beta2^{t+1}),
 * theta_{t+1} = theta_t - eta m^_{t+1} / (sqrt(v^_{t+1}) + epsilon).
 * The seed shows E[v_t] = E[g^2] (1 - beta2^t) for identically distributed gradients, whence the
 * correction; with it |theta_{t+1} - theta_t| is about eta at most (its Jensen argument).
 */
final class Adam implements Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double[] m;
    private final double[] v;
    /** beta1^t and beta2^t after t steps, kept as running products rather than pow calls. */
    private double beta1Power = 1;
    private double beta2Power = 1;

    Adam(int size, double beta1, double beta2, double epsilon) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.m = new double[size];
        this.v = new double[size];
    }

    @Override
    public void step(double[] params, double[] grad, double lr) {
        beta1Power *= beta1;
        beta2Power *= beta2;
        double c1 = 1 / (1 - beta1Power);
        double c2 = 1 / (1 - beta2Power);
        double k1 = 1 - beta1;
        double k2 = 1 - beta2;
        for (int i = 0; i < m.length; i++) {
            double g = grad[i];
            m[i] = beta1 * m[i] + k1 * g;
            v[i] = beta2 * v[i] + k2 * g * g;
            params[i] -= lr * (m[i] * c1) / (Math.sqrt(v[i] * c2) + epsilon);
        }
    }
}
