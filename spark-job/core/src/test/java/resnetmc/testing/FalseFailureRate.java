package resnetmc.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The probability that a statistical test class fails with a correct implementation (over the choice of
 * seed; the seeds are fixed, so a given build passes or fails deterministically), as its comment derives
 * it. {@link FalseFailureBudget} sums the rates of the classes that ran and prints the total: the chance
 * that a change which only re-rolls the random streams turns the suite red. The suite's target is 1%.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface FalseFailureRate {
    /** The stated false-failure probability of the whole class (Bonferroni over its checks). */
    double value();
}
