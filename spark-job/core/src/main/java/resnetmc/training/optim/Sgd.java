package resnetmc.training.optim;

/** Plain gradient descent, theta_{t+1} = theta_t - eta_t grad L(theta_t) (THEORY.md section 4). */
final class Sgd implements Optimizer {
    private final int size;

    Sgd(int size) {
        this.size = size;
    }

    @Override
    public void step(double[] params, double[] grad, double lr) {
        for (int i = 0; i < size; i++) {
            params[i] -= lr * grad[i];
        }
    }
}
