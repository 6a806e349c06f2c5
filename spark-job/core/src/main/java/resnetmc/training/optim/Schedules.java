package resnetmc.training.optim;

import java.util.List;
import resnetmc.config.BadInputException;

/**
 * The learning-rate schedules of THEORY.md section 4, as pure functions of the 0-based step t, with
 * base rate eta = {@code baseLr} and floor eta_min = {@code minLrRatio} eta:
 *
 * <ul>
 *   <li>{@code constant}: eta.
 *   <li>{@code step}: eta gamma^floor(t / stepEvery) (classic step decay).
 *   <li>{@code sgdr}: cosine with warm restarts (Loshchilov and Hutter 2017, eq. (5)):
 *       eta_t = eta_min + (eta - eta_min)(1 + cos(pi T_cur / T_i)) / 2, where cycle i lasts
 *       T_i = round(sgdrMult T_{i-1}) steps from T_0 = sgdrPeriod and T_cur counts the steps into it.
 *   <li>{@code triangular}: Smith's (2017) triangular cyclical rate, from eta_min up to eta in
 *       {@code halfCycle} steps and back: with s = halfCycle, c = floor(1 + t / 2s),
 *       x = |t / s - 2c + 1|, eta_t = eta_min + (eta - eta_min) max(0, 1 - x); it starts at the floor.
 * </ul>
 *
 * A linear warm-up of W = {@code warmupSteps} steps composes with each: for t < W the rate is
 * inner(0) (t + 1) / W, then inner(t - W), so the schedule proper starts (a cycle's first step) when the
 * warm-up ends (Goyal et al. 2017, gradual warm-up). The rate at step 0 is never 0, so
 * the first update moves the parameters.
 */
public final class Schedules {

    private static final List<String> NAMES = List.of("constant", "step", "sgdr", "triangular");

    private Schedules() {
    }

    /** The schedule names, as {@code training.schedule} takes them. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * The schedule a spec names.
     *
     * @throws BadInputException naming the {@code training.*} key of a parameter out of range
     */
    public static Schedule create(ScheduleSpec spec) {
        validate(spec);
        double eta = spec.baseLr();
        double etaMin = spec.minLrRatio() * eta;
        Schedule inner = switch (spec.name()) {
            case "constant" -> t -> eta;
            case "step" -> stepDecay(eta, spec.stepEvery(), spec.stepGamma());
            case "sgdr" -> sgdr(eta, etaMin, spec.sgdrPeriod(), spec.sgdrMult());
            case "triangular" -> triangular(eta, etaMin, spec.halfCycle());
            default -> throw new IllegalStateException(spec.name());
        };
        long w = spec.warmupSteps();
        if (w == 0) {
            return inner;
        }
        double start = inner.rate(0);
        return t -> t < w ? start * (t + 1) / w : inner.rate(t - w);
    }

    private static Schedule stepDecay(double eta, long every, double gamma) {
        return t -> eta * Math.pow(gamma, (double) (t / every));
    }

    private static Schedule sgdr(double eta, double etaMin, long period, double mult) {
        return t -> {
            long cur = t;
            long length = period;
            while (cur >= length) {
                long next = Math.round(mult * length);
                if (next == length) {
                    // Constant period from here on (mult = 1, or rounding keeps it): no loop over cycles.
                    cur %= length;
                    break;
                }
                cur -= length;
                length = next;
            }
            return etaMin + 0.5 * (eta - etaMin) * (1 + Math.cos(Math.PI * cur / length));
        };
    }

    private static Schedule triangular(double eta, double etaMin, long half) {
        return t -> {
            double cycle = Math.floor(1 + t / (2.0 * half));
            double x = Math.abs((double) t / half - 2 * cycle + 1);
            return etaMin + (eta - etaMin) * Math.max(0, 1 - x);
        };
    }

    /** Checks every field the named schedule uses; the message names the config key. */
    public static void validate(ScheduleSpec spec) {
        if (!NAMES.contains(spec.name())) {
            throw new BadInputException("training.schedule",
                    "unknown schedule '" + spec.name() + "'; allowed: " + String.join(", ", NAMES));
        }
        if (!(spec.baseLr() > 0) || Double.isInfinite(spec.baseLr())) {
            throw new BadInputException("training.lr", spec.baseLr() + "; each rate must be a finite number > 0");
        }
        if (spec.warmupSteps() < 0) {
            throw new BadInputException("training.warmup-steps", spec.warmupSteps() + "; must be >= 0");
        }
        switch (spec.name()) {
            case "step" -> {
                if (spec.stepEvery() < 1) {
                    throw new BadInputException("training.step-every", spec.stepEvery() + "; must be >= 1");
                }
                if (!(spec.stepGamma() > 0 && spec.stepGamma() <= 1)) {
                    throw new BadInputException("training.step-gamma", spec.stepGamma() + "; must be in (0, 1]");
                }
            }
            case "sgdr" -> {
                if (spec.sgdrPeriod() < 1) {
                    throw new BadInputException("training.sgdr-period", spec.sgdrPeriod() + "; must be >= 1");
                }
                if (!(spec.sgdrMult() >= 1) || Double.isInfinite(spec.sgdrMult())) {
                    throw new BadInputException("training.sgdr-mult", spec.sgdrMult() + "; must be a finite number >= 1");
                }
                ratio(spec);
            }
            case "triangular" -> {
                if (spec.halfCycle() < 1) {
                    throw new BadInputException("training.half-cycle", spec.halfCycle() + "; must be >= 1");
                }
                ratio(spec);
            }
            default -> {
            }
        }
    }

    private static void ratio(ScheduleSpec spec) {
        if (!(spec.minLrRatio() >= 0 && spec.minLrRatio() <= 1)) {
            throw new BadInputException("training.min-lr-ratio", spec.minLrRatio() + "; must be in [0, 1]");
        }
    }
}
