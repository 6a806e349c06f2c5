package resnetmc.training.optim;

import java.io.Serializable;

/**
 * The parameters of an optimizer, as read from {@code training.*} (the config layer validates them;
 * {@link Optimizers#create} checks them again so a kernel never runs on nonsense).
 *
 * @param name one of {@link Optimizers#names()}
 * @param momentum gamma of the momentum and Nesterov rules, in [0, 1)
 * @param beta1 Adam's first-moment decay, in [0, 1)
 * @param beta2 Adam's second-moment decay, in [0, 1)
 * @param epsilon the constant added to the root of the second moment (AdaGrad, RMSProp, Adam), > 0
 * @param rho RMSProp's memory alpha of the squared gradients, in [0, 1)
 * @param weightDecay lambda >= 0 (0 turns the penalty off)
 * @param decay {@code l2} (lambda/2 ||theta||^2 added to the loss: grad += lambda theta before the rule)
 *     or {@code decoupled} (theta -= lr lambda theta beside the rule, Loshchilov and Hutter 2019);
 *     {@code adamw} always decouples
 */
public record OptimizerSpec(String name, double momentum, double beta1, double beta2, double epsilon,
        double rho, double weightDecay, String decay) implements Serializable {
}
