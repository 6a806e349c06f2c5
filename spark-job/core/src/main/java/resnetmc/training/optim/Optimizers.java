package resnetmc.training.optim;

import java.util.List;
import resnetmc.config.BadInputException;

/** Builds the optimizer a {@link OptimizerSpec} names; the names are those of {@code training.optimizer}. */
public final class Optimizers {

    private static final List<String> NAMES =
            List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw");
    private static final List<String> DECAYS = List.of("l2", "decoupled");

    private Optimizers() {
    }

    /** The optimizer names, in the order of THEORY.md section 4. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * A fresh optimizer (zero state) for a parameter vector of {@code size} entries. {@code adamw} is
     * {@code adam} with decoupled decay whatever {@code spec.decay()}; any other rule takes the decay
     * the spec names, and none when {@code weightDecay} is 0.
     *
     * @throws BadInputException naming the {@code training.*} key of a parameter out of range
     */
    public static Optimizer create(OptimizerSpec spec, int size) {
        validate(spec);
        if (size < 0) {
            throw new IllegalArgumentException("size " + size);
        }
        Optimizer rule = switch (spec.name()) {
            case "sgd" -> new Sgd(size);
            case "momentum" -> new Momentum(size, spec.momentum());
            case "nesterov" -> new Nesterov(size, spec.momentum());
            case "adagrad" -> new AdaGrad(size, spec.epsilon());
            case "rmsprop" -> new RmsProp(size, spec.rho(), spec.epsilon());
            case "adam", "adamw" -> new Adam(size, spec.beta1(), spec.beta2(), spec.epsilon());
            default -> throw new IllegalStateException(spec.name());
        };
        if (spec.weightDecay() == 0) {
            return rule;
        }
        boolean decoupled = spec.name().equals("adamw") || spec.decay().equals("decoupled");
        return new WeightDecay(rule, size, spec.weightDecay(), decoupled);
    }

    /** Checks every field against its range; the message names the config key. */
    public static void validate(OptimizerSpec spec) {
        if (!NAMES.contains(spec.name())) {
            throw new BadInputException("training.optimizer",
                    "unknown optimizer '" + spec.name() + "'; allowed: " + String.join(", ", NAMES));
        }
        if (!DECAYS.contains(spec.decay())) {
            throw new BadInputException("training.decay",
                    "'" + spec.decay() + "'; allowed: " + String.join(", ", DECAYS));
        }
        unitInterval("training.momentum", spec.momentum());
        unitInterval("training.beta1", spec.beta1());
        unitInterval("training.beta2", spec.beta2());
        unitInterval("training.rho", spec.rho());
        if (!(spec.epsilon() > 0) || Double.isInfinite(spec.epsilon())) {
            throw new BadInputException("training.epsilon", spec.epsilon() + "; must be a finite number > 0");
        }
        if (!(spec.weightDecay() >= 0) || Double.isInfinite(spec.weightDecay())) {
            throw new BadInputException("training.weight-decay",
                    spec.weightDecay() + "; must be a finite number >= 0");
        }
    }

    /** Decay rates live in [0, 1): at 1 an average never forgets its zero start and Adam's correction divides by 0. */
    private static void unitInterval(String key, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new BadInputException(key, value + "; must be in [0, 1)");
        }
    }
}
