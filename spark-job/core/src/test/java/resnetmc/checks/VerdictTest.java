package resnetmc.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Verdict}: labels (the checks table's strings), which verdicts decide, and the exceedance rule's ties. */
class VerdictTest {

    @Test
    void labelsAreTheTableStrings() {
        assertEquals("holds", Verdict.HOLDS.label());
        assertEquals("violated", Verdict.VIOLATED.label());
        assertEquals("inconclusive", Verdict.INCONCLUSIVE.label());
        assertEquals("vacuous", Verdict.VACUOUS.label());
        assertEquals("not-applicable", Verdict.NOT_APPLICABLE.label());
    }

    @Test
    void onlyHoldsAndViolatedDecide() {
        assertTrue(Verdict.HOLDS.decided());
        assertTrue(Verdict.VIOLATED.decided());
        assertFalse(Verdict.INCONCLUSIVE.decided());
        assertFalse(Verdict.VACUOUS.decided());
        assertFalse(Verdict.NOT_APPLICABLE.decided());
    }

    /** holds iff high <= delta (tie included), violated iff low > delta (tie excluded). */
    @Test
    void exceedanceTies() {
        assertEquals(Verdict.HOLDS, Verdict.ofExceedance(0.0, 0.1, 0.1));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.ofExceedance(0.0, Math.nextUp(0.1), 0.1));
        assertEquals(Verdict.INCONCLUSIVE, Verdict.ofExceedance(0.1, 0.3, 0.1));
        assertEquals(Verdict.VIOLATED, Verdict.ofExceedance(Math.nextUp(0.1), 0.3, 0.1));
    }
}
