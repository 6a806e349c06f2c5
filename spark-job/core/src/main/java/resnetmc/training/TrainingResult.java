package resnetmc.training;

import java.io.Serializable;
import java.util.List;

/**
 * What one training run produced: its curve (one point per evaluation step, and one at the step it
 * diverged) and final metrics. Accuracies are NaN for regression; divergedStep is -1 when it did not
 * diverge.
 */
public record TrainingResult(NetworkRun run, int stepsDone, double finalTrainLoss, double finalTestLoss,
                             double finalTestAccuracy, double bestTestAccuracy, boolean diverged, int divergedStep,
                             double wallSeconds, List<CurvePoint> curve) implements Serializable {

    /**
     * One evaluation: losses in evaluation mode (no dropout, running batch-norm statistics) on the
     * first min(train, test) training examples and on the test set; gradNorm the norm (before clipping)
     * of the mini-batch gradient at these parameters; hChange ||h_L - h_0||_F / ||h_0||_F on the probe
     * batch; lr the rate in force at this step.
     */
    public record CurvePoint(int step, double trainLoss, double testLoss, double testAccuracy, double gradNorm,
                             double hChange, double lr) implements Serializable {
    }
}
