package resnetmc.theory;

/**
 * Constants of Hypotheses 1 and 2 of Marion, Fermanian, Biau, Vert, "Scaling ResNets in the
 * Large-depth Regime" (arXiv 2206.06929), for the weight laws the engine samples: Gaussian,
 * Rademacher and uniform on {@code [-sqrt 3, sqrt 3]}, all unit variance (entries of
 * {@code sqrt(d) V} and {@code sqrt(d) W}).
 *
 * <p><b>Hypothesis 2, {@code E||g(h)||^8 <= C ||h||^8}.</b> For res-2/res-3,
 * {@code ||g|| <= ||W h||} ({@code |sigma(x)| <= b|x|} with {@code b <= 1}; ReLU shrinks), so
 * {@code C = E||W h||^8 / ||h||^8} works. For Gaussian {@code W}, {@code W h ~ N(0, ||h||^2/d I)}
 * and {@code E (chi^2_d)^4 = d(d+2)(d+4)(d+6)}, giving {@link #cDimension(int)}. For res-1 (no
 * {@code W}), {@code ||sigma(h)|| <= b||h||} gives {@code C = b^8 <= 1}.
 */
public final class HypothesisConstants {

    /**
     * The d-independent Hypothesis 2 constant: {@code sup_d cDimension(d) = cDimension(1) = 3*5*7
     * = 105} ({@code cDimension} decreases in {@code d}), which is also {@code E z^8 = 7!! } for a
     * standard normal {@code z}. It makes Prop. 3's preconditions much stricter than
     * {@link #cDimension(int)}.
     */
    public static final double C_UNIVERSAL = 105;

    /**
     * Sub-Gaussian parameter {@code s} of Hypothesis 1 ({@code E exp(l X) <= exp(l^2 s^2/2)}) for
     * the three weight laws; it cannot be below 1 for a unit-variance law. Gaussian: equality.
     * Rademacher: {@code cosh l = sum l^{2k}/(2k)! <= sum (l^2/2)^k/k!} since
     * {@code (2k)! >= 2^k k!}. Uniform on {@code [-sqrt 3, sqrt 3]}:
     * {@code sinh(sqrt3 l)/(sqrt3 l) = sum 3^k l^{2k}/(2k+1)!}, dominated coefficientwise since
     * {@code 6^k k! <= (2k+1)!} (equal at k=0,1; the left factor grows by {@code 6(k+1)}, the
     * right by {@code (2k+2)(2k+3)}).
     */
    public static final double S_SUB_GAUSSIAN = 1.0;

    private HypothesisConstants() {
    }

    /**
     * {@code C(d) = (d+2)(d+4)(d+6)/d^3 = E||W h||^8 / ||h||^8} for Gaussian {@code sqrt(d) W}.
     *
     * <p>It also bounds the uniform-on-{@code [-sqrt 3, sqrt 3]} and Rademacher laws. Expand
     * {@code E (sum_i (sum_j X_ij h_j)^2)^4} multinomially: by symmetry and independence only
     * products of even moments {@code E X^{2m}} survive, and each surviving term carries an even
     * power of every {@code h_j}, so its coefficient is non-negative. Every even moment of those
     * laws is at most the Gaussian one ({@code 3^m/(2m+1)} for the uniform, 1 for Rademacher, vs
     * {@code (2m-1)!!}), so the expansion is dominated term by term by the Gaussian one.
     *
     * @param d width, {@code >= 1}
     */
    public static double cDimension(int d) {
        if (d < 1) {
            throw new IllegalArgumentException("d must be >= 1, got " + d);
        }
        double x = d;
        return (x + 2) * (x + 4) * (x + 6) / (x * x * x);
    }

    /**
     * Hypothesis 2 constant {@code C} for an architecture: 1 for res-1 (no inner weights, see the
     * class comment), else {@code kind.value(d)}.
     */
    public static double forArchitecture(boolean hasInnerWeights, int d, CKind kind) {
        return hasInnerWeights ? kind.value(d) : 1.0;
    }

    /** Which Hypothesis 2 constant a check uses (THEORY.md asks that the choice be stated). */
    public enum CKind {
        /** {@link #cDimension(int)}: valid at the given width only. */
        DIMENSION {
            @Override
            public double value(int d) {
                return cDimension(d);
            }
        },
        /** {@link #C_UNIVERSAL}: independent of {@code d}, as the paper's hypothesis demands. */
        UNIVERSAL {
            @Override
            public double value(int d) {
                return C_UNIVERSAL;
            }
        };

        /** @return the constant {@code C} at width {@code d} */
        public abstract double value(int d);
    }
}
