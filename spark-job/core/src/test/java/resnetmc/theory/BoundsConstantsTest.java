package resnetmc.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The bounds and preconditions where the other tests' choices hide terms: a sub-Gaussian parameter s != 1
 * (s = 1 makes every power of s equal), L alpha^2 != 1, and the exponential-tail clauses of Prop. 3 (i)
 * and Corollary 1 (iii), which only bind at a tiny delta (the tail is at most 2 L e^(-s^2 d^2 / 8) <= 2 L
 * e^-512 once the other clauses hold). Every threshold is the statement's formula written out here; each
 * tail case puts delta at 5 times the tail, so delta/11 < tail < 11 delta.
 */
class BoundsConstantsTest {

    /** Prop. 3 (ii) with C = 4, s = 1.5 (s^4 = 81/16), d = 64: alpha^2 <= 1/(2 (64 + 128 * 81/16)) = 1/1424. */
    @Test
    void prop3iiWithSAboveOne() {
        double a2Max = 1.0 / 1424;
        assertEquals(Optional.empty(), Bounds.prop3iiPrecondition(Math.sqrt(a2Max * (1 - 1e-9)), 64, 4, 1.5));
        Optional<String> out = Bounds.prop3iiPrecondition(Math.sqrt(a2Max * (1 + 1e-9)), 64, 4, 1.5);
        assertTrue(out.isPresent() && out.get().endsWith(" = " + Bounds.fmt(a2Max)), out.toString());
    }

    /**
     * Prop. 3 (i) with C = 4, s = 1.5, d = 64: alpha^2 <= 2/((2 * 81/16 + 8 + 16 * 81/16) 64) = 2/(99.125 * 64)
     * = 1/3172.
     */
    @Test
    void prop3iWithSAboveOne() {
        double a2Max = 1.0 / 3172;
        assertEquals(Optional.empty(), Bounds.prop3iPrecondition(Math.sqrt(a2Max * (1 - 1e-9)), 100, 64, 4, 1.5, 0.1));
        Optional<String> out = Bounds.prop3iPrecondition(Math.sqrt(a2Max * (1 + 1e-9)), 100, 64, 4, 1.5, 0.1);
        assertTrue(out.isPresent() && out.get().endsWith(" = " + Bounds.fmt(a2Max)), out.toString());
    }

    /**
     * Prop. 3 (i)'s last clause, 2 L exp(-d/(64 alpha^2 s^2)) <= delta/11, at s = 1.125 (s^2 = 1.265625),
     * C = 1e-6, d = 64, L = 1000, alpha^2 at the second clause's limit 2/((sqrt(C) s^4 + 4 sqrt(C) + 16 s^4) d):
     * the exponent is about -648, so the tail is about 1e-278; delta = 5 tail fails, delta = 1e-200 holds.
     */
    @Test
    void prop3iTailClause() {
        double s = 1.125;
        double s4 = s * s * s * s;
        double rc = 1e-3;
        double a2 = 2 / ((rc * s4 + 4 * rc + 16 * s4) * 64);
        double alpha = Math.sqrt(a2);
        double tail = 2.0 * 1000 * Math.exp(-64 / (64 * alpha * alpha * s * s));
        assertTrue(tail > 1e-290 && tail < 1e-270, "the case is in range: " + tail);
        double delta = 5 * tail;
        Optional<String> out = Bounds.prop3iPrecondition(alpha, 1000, 64, 1e-6, s, delta);
        assertEquals(Optional.of("2 L exp(-d/(64 alpha^2 s^2)) = " + Bounds.fmt(tail) + " > delta/11 = "
                + Bounds.fmt(delta / 11)), out);
        assertEquals(Optional.empty(), Bounds.prop3iPrecondition(alpha, 1000, 64, 1e-6, s, 1e-200));
    }

    /**
     * Corollary 1 (iii)'s last clause, 2 L exp(-L d/(64 s^2)) <= delta/11, at s = 1.125, C = 1e-6, d = 64:
     * the depth clause needs L >= (sqrt(C) s^4/2 + 2 sqrt(C) + 8 s^4) d + 96 sqrt(C) s^4 = 820.46..., so
     * L = 821, where the tail is 1642 e^(-821/1.265625), about 1e-279.
     */
    @Test
    void corollary1TailClause() {
        double s = 1.125;
        double tail = 2.0 * 821 * Math.exp(-821.0 * 64 / (64 * s * s));
        assertTrue(tail > 1e-290 && tail < 1e-270, "the case is in range: " + tail);
        double delta = 5 * tail;
        assertEquals(Optional.of("2 L exp(-L d/(64 s^2)) = " + Bounds.fmt(tail) + " > delta/11 = "
                + Bounds.fmt(delta / 11)), Bounds.cor1Precondition(821, 64, 1e-6, s, delta));
        assertEquals(Optional.empty(), Bounds.cor1Precondition(821, 64, 1e-6, s, 1e-200));
        assertTrue(Bounds.cor1Precondition(820, 64, 1e-6, s, 1e-200).orElse("").startsWith("L = 820 < "));
    }

    /**
     * Prop. 3 (i), (ii) bounds at L alpha^2 = 2 (alpha = 1, L = 2), d = 110, delta = 0.1:
     * exp(3 * 2/8 - sqrt(11 * 2/11)) - 1 = expm1(0.75 - sqrt 2) and exp(2 + sqrt(5 * 2/11)) + 1.
     */
    @Test
    void prop3BoundsAwayFromUnitLAlpha2() {
        assertEquals(Math.expm1(0.75 - Math.sqrt(2)), Bounds.prop3LowerBound(1.0, 2, 110, 0.1), 1e-15);
        assertEquals(Math.exp(2 + Math.sqrt(10.0 / 11)) + 1, Bounds.prop3UpperBound(1.0, 2, 110, 0.1), 1e-13);
        assertEquals(Math.log10(Math.exp(2 + Math.sqrt(10.0 / 11)) + 1), Bounds.log10Prop3UpperBound(1.0, 2, 110, 0.1),
                1e-15);
    }
}
