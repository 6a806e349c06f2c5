/**
 * Gradient-based update rules (SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam, AdamW), weight decay and
 * learning-rate schedules with warm-up (THEORY.md section 4), each a small class over the flat parameter
 * vector, built from immutable specs that the config validates.
 *
 * <p>May import {@code resnetmc.config} (the bad-input error naming a {@code training.*} key) and
 * {@code java.*}; nothing else, no Spark.
 */
package resnetmc.training.optim;
