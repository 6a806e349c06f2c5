package resnetmc.training.optim;

/**
 * Weight decay around any rule, in the two forms Loshchilov and Hutter (ICLR 2019, "Decoupled Weight Decay
 * Regularization") contrast.
 *
 * <ul>
 *   <li>L2 penalty: the loss becomes L + lambda/2 ||theta||^2, so the rule sees g + lambda theta; with
 *       momentum or an adaptive rule the penalty then passes through the averages and the per-coordinate
 *       scaling ("propagation de la régularisation dans le schéma de descente").
 *   <li>Decoupled (Loshchilov and Hutter 2019, AdamW): theta_{t+1} = theta_t - eta_t u_t - eta_t lambda
 *       theta_t, where u_t is the rule's step computed from g alone: the decay is eta_t lambda theta_t
 *       whatever the rule, exactly as in plain gradient descent. Every rule here computes u_t from the
 *       gradient and its own state only, so shrinking theta_t first and then applying the rule gives
 *       that update.
 * </ul>
 */
final class WeightDecay implements Optimizer {
    private final Optimizer rule;
    private final double lambda;
    private final boolean decoupled;
    private final int size;

    WeightDecay(Optimizer rule, int size, double lambda, boolean decoupled) {
        this.rule = rule;
        this.size = size;
        this.lambda = lambda;
        this.decoupled = decoupled;
    }

    @Override
    public void step(double[] params, double[] grad, double lr) {
        int n = size;
        if (decoupled) {
            double shrink = lr * lambda;
            for (int i = 0; i < n; i++) {
                params[i] -= shrink * params[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                grad[i] += lambda * params[i];
            }
        }
        rule.step(params, grad, lr);
    }
}
