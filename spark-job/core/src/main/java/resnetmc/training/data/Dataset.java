package resnetmc.training.data;

import java.io.Serializable;

/**
 * A train/test data set in flat row-major arrays, as the mini-batch kernels read it. Built once on the
 * driver and broadcast once per executor; nothing mutates it after construction.
 *
 * @param name {@code fashion-mnist} or {@code teacher}
 * @param inputs features per example (784 for Fashion-MNIST)
 * @param classes number of classes, 0 for regression
 * @param outputs outputs of the network: {@code classes} (one-hot targets) or the regression width
 * @param trainX n x inputs, row-major
 * @param trainY n x outputs: one-hot rows for classification, targets for regression
 * @param trainLabels the n class labels, null for regression
 * @param testX m x inputs
 * @param testY m x outputs
 * @param testLabels the m class labels, null for regression
 */
public record Dataset(String name, int inputs, int classes, int outputs, double[] trainX, double[] trainY,
        int[] trainLabels, double[] testX, double[] testY, int[] testLabels) implements Serializable {

    public Dataset {
        if (inputs < 1 || outputs < 1 || classes < 0 || (classes > 0 && classes != outputs)) {
            throw new IllegalArgumentException(
                    "inputs " + inputs + ", outputs " + outputs + ", classes " + classes);
        }
        int n = trainX.length / inputs;
        int m = testX.length / inputs;
        if (trainX.length != n * inputs || trainY.length != n * outputs
                || testX.length != m * inputs || testY.length != m * outputs) {
            throw new IllegalArgumentException("array lengths do not match " + n + " train and " + m
                    + " test rows of " + inputs + " inputs and " + outputs + " outputs");
        }
        if ((classes > 0) != (trainLabels != null) || (classes > 0) != (testLabels != null)
                || (trainLabels != null && (trainLabels.length != n || testLabels.length != m))) {
            throw new IllegalArgumentException("labels must be given, one per row, exactly for classification");
        }
    }

    /** Number of training examples. */
    public int trainSize() {
        return trainX.length / inputs;
    }

    /** Number of test examples. */
    public int testSize() {
        return testX.length / inputs;
    }

    /** Whether the targets are classes (softmax cross-entropy) rather than real values (squared loss). */
    public boolean classification() {
        return classes > 0;
    }

    /** One-hot rows for {@code labels}: n x classes. */
    static double[] oneHot(int[] labels, int classes) {
        double[] y = new double[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            y[i * classes + labels[i]] = 1.0;
        }
        return y;
    }
}
