package resnetmc.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The preconditions of Prop. 3 (i), (ii) and Corollary 1 (iii) on both sides of each boundary, with the
 * thresholds written out by hand for C = 4 (sqrt C = 2) and s = 1 (s^4 = 1), d = 64:
 * <ul>
 * <li>Prop. 3 (i): alpha^2 <= 2 / ((sqrt(C) s^4 + 4 sqrt(C) + 16 s^4) d) = 2 / (26 * 64) = 1 / 832;</li>
 * <li>Prop. 3 (ii): alpha^2 <= 1 / (sqrt(C) (d + 128 s^4)) = 1 / (2 * 192) = 1 / 384;</li>
 * <li>Corollary 1: L >= (sqrt(C) s^4 / 2 + 2 sqrt(C) + 8 s^4) d + 96 sqrt(C) s^4 = 13 * 64 + 192 = 1024.</li>
 * </ul>
 * The exponential-tail clauses hold by hundreds of orders of magnitude at these sizes (e.g. Prop. 3 (i):
 * 2 L exp(-d / (64 alpha^2 s^2)) = 2 L e^-832), so each case isolates the clause under test. A relative
 * step of 1e-9 is far outside the bounds' rounding tolerance and far inside any real slack.
 */
class PreconditionBoundariesTest {

    private static final double C = 4;
    private static final double S = 1;
    private static final int D = 64;

    @Test
    void prop3iAlphaBoundary() {
        double a2Max = 1.0 / 832;
        assertEquals(Optional.empty(), Bounds.prop3iPrecondition(Math.sqrt(a2Max * (1 - 1e-9)), 100, D, C, S, 0.1));
        Optional<String> out = Bounds.prop3iPrecondition(Math.sqrt(a2Max * (1 + 1e-9)), 100, D, C, S, 0.1);
        assertTrue(out.isPresent() && out.get().startsWith("alpha^2 = ") && out.get().contains("> 2/((sqrt(C) s^4"),
                out.toString());
        assertTrue(out.get().endsWith(Bounds.fmt(a2Max)), out.get());
        assertEquals(Optional.of("d = 63 < 64"), Bounds.prop3iPrecondition(0.001, 100, 63, C, S, 0.1));
    }

    @Test
    void prop3iiAlphaBoundary() {
        double a2Max = 1.0 / 384;
        assertEquals(Optional.empty(), Bounds.prop3iiPrecondition(Math.sqrt(a2Max * (1 - 1e-9)), D, C, S));
        Optional<String> out = Bounds.prop3iiPrecondition(Math.sqrt(a2Max * (1 + 1e-9)), D, C, S);
        assertTrue(out.isPresent() && out.get().contains("> 1/(sqrt(C) (d + 128 s^4)) = " + Bounds.fmt(a2Max)),
                out.toString());
    }

    @Test
    void corollary1DepthBoundary() {
        assertEquals(Optional.empty(), Bounds.cor1Precondition(1024, D, C, S, 0.1));
        assertEquals(Optional.of("L = 1023 < (sqrt(C) s^4/2 + 2 sqrt(C) + 8 s^4) d + 96 sqrt(C) s^4 = "
                + Bounds.fmt(1024)), Bounds.cor1Precondition(1023, D, C, S, 0.1));
        assertEquals(Optional.of("d = 63 < 64"), Bounds.cor1Precondition(1024, 63, C, S, 0.1));
        // s enters through s^4: s = 2 gives (16 + 4 + 128) d + 96 * 2 * 16 = 148 * 64 + 3072 = 12544
        assertEquals(Optional.empty(), Bounds.cor1Precondition(12544, D, C, 2, 0.1));
        assertTrue(Bounds.cor1Precondition(12543, D, C, 2, 0.1).isPresent());
    }
}
