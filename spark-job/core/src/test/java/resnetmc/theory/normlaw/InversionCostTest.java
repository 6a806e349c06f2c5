package resnetmc.theory.normlaw;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The cost of {@link NormRatioLaw}'s inversions, in evaluations of the layer's transform (its unit of cost:
 * thousands of floating-point operations each for a {@link LayerLaw}, and the exact oracles of every quickstart
 * run are made of them, issue 13). Each budget is the count measured on 2026-12-02 plus 25 %, rounded up: a change
 * that makes an inversion dearer by more (a longer period than the aliases need, a later stop, a saddle point
 * found in more steps, a bracket grown too slowly) fails here, and must restate its budget knowingly; the
 * accuracy tests ({@link Res1InversionTest}, {@link AtomInversionTest}) fail a change that makes it cheaper by
 * computing less. Counts are deterministic ({@code StrictMath} throughout), so the budgets hold on every CPU.
 */
class InversionCostTest {

    private static final double MARGIN = 1.25;

    /** The laws: res-1 identity at d = 16 and at d = 4 (tilts near the pole -d/2), the atom + Gaussian, ReLU at d = 64. */
    private static LayerTransform layer(String name) {
        return switch (name) {
            case "res1-16" -> new LayerLaw(Branch.identityRes1(), 16, 1.0);
            case "res1-4" -> new LayerLaw(Branch.identityRes1(), 4, 1.0);
            case "atom" -> new AtomGaussianLayer(0.25, 0.3, 0.5, -50);
            case "relu-64" -> new LayerLaw(Branch.relu(), 64, 1.0);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** A query of the law, {@code z} in standard deviations of log rho^2 from its mean. */
    private static ToDoubleFunction<NormRatioLaw> query(String name) {
        return switch (name) {
            case "cdf-3" -> law -> law.cdf(at(law, -3));
            case "cdf0" -> law -> law.cdf(at(law, 0));
            case "cdf+3" -> law -> law.cdf(at(law, 3));
            case "upper6" -> law -> law.upperTail(at(law, 6));
            case "upper10" -> law -> law.upperTail(at(law, 10));
            case "lower6" -> law -> law.lowerTail(at(law, -6));
            case "lower10" -> law -> law.lowerTail(at(law, -10));
            case "q1e-6" -> law -> law.quantile(1e-6);
            case "q0.5" -> law -> law.quantile(0.5);
            case "q1-1e-6" -> law -> law.quantile(1 - 1e-6);
            case "q1e-12" -> law -> law.quantile(1e-12);
            case "q1-1e-12" -> law -> law.quantile(1 - 1e-12);
            case "upperQ1e-20" -> law -> law.upperQuantile(1e-20);
            case "body" -> law -> law.bodyQuantilesLog10Rho(0.05, 0.5, 0.95)[0];
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static double at(NormRatioLaw law, double z) {
        return law.meanLogRho2() + z * law.sdLogRho2();
    }

    /**
     * {law, L, query, evaluations measured}: the budget is MARGIN times the count. (res-1 at d = 4 without its
     * one-at-a-time quantiles, 900 to 7600 evaluations, and ReLU at d = 64 with three queries: its transform costs
     * about 3 ms an evaluation; the whole table would take 7 s, too slow for the mutation run that this test serves.)
     */
    private static final Object[][] MEASURED = {
        {"res1-16", 2, "cdf-3", 64}, {"res1-16", 2, "cdf0", 43}, {"res1-16", 2, "cdf+3", 51},
        {"res1-16", 2, "upper6", 45}, {"res1-16", 2, "upper10", 52}, {"res1-16", 2, "lower6", 113},
        {"res1-16", 2, "lower10", 163}, {"res1-16", 2, "q1e-6", 1110}, {"res1-16", 2, "q0.5", 491},
        {"res1-16", 2, "q1-1e-6", 469}, {"res1-16", 2, "upperQ1e-20", 468}, {"res1-16", 2, "body", 122},
        {"res1-4", 1, "cdf-3", 335}, {"res1-4", 1, "cdf0", 62}, {"res1-4", 1, "cdf+3", 54},
        {"res1-4", 1, "upper6", 194}, {"res1-4", 1, "upper10", 192}, {"res1-4", 1, "lower6", 609},
        {"res1-4", 1, "lower10", 995}, {"res1-4", 1, "body", 279},
        {"atom", 2, "cdf-3", 45}, {"atom", 2, "cdf0", 40}, {"atom", 2, "cdf+3", 47},
        {"atom", 2, "upper6", 37}, {"atom", 2, "upper10", 34}, {"atom", 2, "lower6", 42},
        {"atom", 2, "lower10", 34}, {"atom", 2, "q1e-6", 444}, {"atom", 2, "q0.5", 413},
        {"atom", 2, "q1-1e-6", 472}, {"atom", 2, "q1e-12", 369}, {"atom", 2, "q1-1e-12", 388}, {"atom", 2, "upperQ1e-20", 306}, {"atom", 2, "body", 98},
        {"relu-64", 20, "cdf0", 34}, {"relu-64", 20, "upper10", 38}, {"relu-64", 20, "lower10", 38},
    };

    /** Each query within its budget; the law's own set-up (4 evaluations: two finite-difference triples share K(0) = 0) too. */
    @Test
    void everyQueryStaysWithinItsBudget() {
        StringBuilder over = new StringBuilder();
        for (Object[] row : MEASURED) {
            CountingLayer counting = new CountingLayer(layer((String) row[0]));
            NormRatioLaw law = NormRatioLaw.ofLayer(counting, (Integer) row[1]);
            long setUp = counting.take();
            if (setUp > 4) {
                over.append(row[0]).append(" set-up: ").append(setUp).append(" evaluations > 4\n");
            }
            query((String) row[2]).applyAsDouble(law);
            long used = counting.take();
            long budget = (long) Math.ceil(MARGIN * (Integer) row[3]);
            if (used > budget) {
                over.append(row[0]).append(" L=").append(row[1]).append(' ').append(row[2]).append(": ")
                        .append(used).append(" evaluations > budget ").append(budget).append('\n');
            }
        }
        assertTrue(over.length() == 0, over.toString());
    }
}
