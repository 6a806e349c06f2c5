package resnetmc.theory.normlaw;

import java.util.Optional;
import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.WeightDistribution;
import resnetmc.model.WeightProcess;

/**
 * A residual branch whose one-layer norm law depends on {@code h} only through {@code ||h||}
 * (THEORY.md section 6), with Gaussian weights: res-3 and res-2 with a positively homogeneous
 * sigma ({@code sigma(x) = x} for {@code x > 0}, {@code s x} for {@code x < 0}), and res-1 with
 * the identity.
 *
 * <p>One layer multiplies {@code ||h||^2} by {@code R = ||e + t xi||^2}, {@code xi ~ N(0, I_d)},
 * with {@code t = alpha sqrt(Q) / d}, {@code Q = X+ + s^2 X-}, {@code K ~ Binomial(d, 1/2)},
 * {@code X+ ~ chi2(K)}, {@code X- ~ chi2(d - K)}; for res-1 with the identity
 * {@code t = alpha / sqrt(d)} exactly.
 *
 * @param kind  the branch family
 * @param slope the negative-side slope {@code s}: 0 for ReLU, in (0, 1) for leaky ReLU,
 *              1 for the identity branches
 */
public record Branch(Kind kind, double slope) {

    /** The branch families with an exact norm law. */
    public enum Kind {
        /** res-3, and res-2 with ReLU ({@code s = 0}). */
        RELU,
        /** res-2 with a leaky ReLU of slope {@code s} in (0, 1). */
        LEAKY,
        /** res-2 with the identity ({@code s = 1}, so {@code Q ~ chi2(d)}). */
        IDENTITY_RES2,
        /** res-1 with the identity ({@code t = alpha / sqrt(d)}, no {@code Q}). */
        IDENTITY_RES1
    }

    /** @throws IllegalArgumentException if the slope does not match the kind */
    public Branch {
        boolean ok = switch (kind) {
            case RELU -> slope == 0;
            case LEAKY -> slope > 0 && slope < 1;
            case IDENTITY_RES2, IDENTITY_RES1 -> slope == 1;
        };
        if (!ok) {
            throw new IllegalArgumentException("slope " + slope + " does not fit a " + kind + " branch");
        }
    }

    /**
     * @return the branch of a grid cell whose norm law is exact (Gaussian i.i.d. weights; res-3;
     *         res-2 with ReLU, leaky ReLU or the identity; res-1 with the identity), else empty
     */
    public static Optional<Branch> of(Cell cell) {
        if (cell.distribution() != WeightDistribution.GAUSSIAN || cell.weights().kind() != WeightProcess.Kind.IID) {
            return Optional.empty();
        }
        Activation a = cell.activation();
        if (cell.arch() == Architecture.RES_3) {
            return Optional.of(relu());
        }
        if (cell.arch() == Architecture.RES_1) {
            return a.kind() == Activation.Kind.IDENTITY ? Optional.of(identityRes1()) : Optional.empty();
        }
        return switch (a.kind()) {
            case RELU -> Optional.of(relu());
            case LEAKY_RELU -> a.slope() > 0 && a.slope() < 1 ? Optional.of(leaky(a.slope())) : Optional.empty();
            case IDENTITY -> Optional.of(identityRes2());
            default -> Optional.empty();
        };
    }

    public static Branch relu() {
        return new Branch(Kind.RELU, 0);
    }

    public static Branch leaky(double s) {
        return new Branch(Kind.LEAKY, s);
    }

    public static Branch identityRes2() {
        return new Branch(Kind.IDENTITY_RES2, 1);
    }

    public static Branch identityRes1() {
        return new Branch(Kind.IDENTITY_RES1, 1);
    }

    /** @return {@code c2} with {@code E R = 1 + c2 alpha^2}: {@code (1 + s^2) / 2}, and 1 for res-1 */
    public double c2() {
        return kind == Kind.IDENTITY_RES1 ? 1 : (1 + slope * slope) / 2;
    }

    /**
     * @return the mass of the atom of {@code R} at 1 (no active unit, {@code K = 0}):
     *         {@code 2^-d} for ReLU, 0 otherwise
     */
    public double atomMass(int d) {
        return kind == Kind.RELU ? StrictMath.pow(2, -d) : 0;
    }
}
