package resnetmc.training.optim;

import java.io.Serializable;

/**
 * The parameters of a learning-rate schedule (THEORY.md section 4, {@link Schedules}).
 *
 * @param name one of {@link Schedules#names()}
 * @param baseLr the base rate eta (the swept {@code training.lr}), > 0: the constant rate, the start of
 *     step decay, eta_max of SGDR and the peak of the triangular cycle
 * @param warmupSteps linear warm-up length W >= 0 (0: none); composes with every schedule
 * @param stepEvery step decay: the rate is multiplied by {@code stepGamma} every this many steps (>= 1)
 * @param stepGamma step decay factor, in (0, 1]
 * @param sgdrPeriod SGDR: length T_0 >= 1 of the first cosine cycle
 * @param sgdrMult SGDR: T_{i+1} = sgdrMult T_i, >= 1
 * @param minLrRatio eta_min / eta of SGDR and the floor of the triangular cycle, in [0, 1]
 * @param halfCycle triangular: steps from floor to peak (Smith's "stepsize"), >= 1
 */
public record ScheduleSpec(String name, double baseLr, long warmupSteps, long stepEvery, double stepGamma,
        long sgdrPeriod, double sgdrMult, double minLrRatio, long halfCycle) implements Serializable {
}
