package resnetmc.training;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import resnetmc.kernel.Trajectory;
import resnetmc.kernel.WeightField;
import resnetmc.model.WeightProcess;
import resnetmc.rng.RandomStreams;
import resnetmc.rng.TrialStreams;
import resnetmc.training.data.Dataset;
import resnetmc.training.optim.Optimizer;
import resnetmc.training.optim.Optimizers;
import resnetmc.training.optim.Schedule;
import resnetmc.training.optim.Schedules;

/**
 * Trains one network (no Spark): mini-batch gradient steps with the run's optimizer and schedule,
 * evaluations at log-spaced steps, divergence detection.
 *
 * <p>Step s (0-based) draws the next batch of the epoch's permutation (a fresh Fisher-Yates
 * shuffle from {@link TrialStreams#trainOrder} each epoch), computes loss and gradient at the
 * parameters after s updates, and, when s is an evaluation step ({@link Trajectory#layers}(steps,
 * evalPoints): 0, a log grid, and the budget), records a {@link TrainingResult.CurvePoint}; then clips
 * the gradient to {@code clipNorm} and applies the optimizer at the rate in force at s. A mini-batch
 * loss that is NaN or above the divergence bound (or a non-finite gradient) ends the run there: that
 * step is the diverged step and gets a final curve point. Nothing is thrown for a diverging network.
 */
public final class Trainer {
    private Trainer() {
    }

    public static TrainingResult train(NetworkRun run, Dataset data, long seed, Gemm gemm) {
        long t0 = System.nanoTime();
        int nIn = data.inputs();
        int nOut = data.outputs();
        int nTrain = data.trainSize();
        int batch = run.batchSize();
        if (batch > nTrain) {
            throw new IllegalArgumentException("batch " + batch + " > " + nTrain + " training examples");
        }
        Network net = new Network(run.spec(nIn, nOut, data.classification()), batch, gemm);
        TrialStreams streams = RandomStreams.of(seed, run.initId(), run.replicate());
        WeightField field = null;
        if (run.weights().kind() != WeightProcess.Kind.IID) {
            field = new WeightField(run.cell(), WeightField.processFor(run.cell()));
        }
        net.initialise(streams, field);
        double[] params = net.params();
        double[] grad = new double[params.length];
        Optimizer optimizer = Optimizers.create(run.optimizer(), params.length);
        Schedule schedule = Schedules.create(run.schedule());
        int[] evalSteps = Trajectory.layers(run.steps(), run.evalPoints());
        int trainEval = Math.min(nTrain, Math.max(1, data.testSize()));
        int probe = Math.min(nTrain, run.probeSize());

        double[] xb = new double[batch * nIn];
        double[] yb = new double[batch * nOut];
        int[] lb = data.classification() ? new int[batch] : null;
        int[] order = new int[nTrain];
        int epoch = 0;
        int pos = nTrain; // forces a shuffle before the first batch

        List<TrainingResult.CurvePoint> curve = new ArrayList<>();
        double best = Double.NaN;
        int next = 0;
        int divergedStep = -1;
        int s = 0;
        boolean seeded = false;
        for (; ; s++) {
            if (pos + batch > nTrain) {
                shuffle(order, streams.trainOrder(epoch++));
                pos = 0;
            }
            gather(data, order, pos, batch, xb, yb, lb);
            pos += batch;
            if (!seeded) {
                net.seedStatistics(xb, 0, batch);
                seeded = true;
            }
            UniformRandomProvider dropoutRng = run.dropout() > 0 ? streams.dropout(s) : null;
            double loss = net.lossAndGradient(xb, 0, yb, 0, lb, 0, batch, dropoutRng, grad);
            double norm = norm(grad);
            boolean diverged = !(loss <= run.divergenceBound()) || !Double.isFinite(norm);
            if (diverged || (next < evalSteps.length && s == evalSteps[next])) {
                TrainingResult.CurvePoint pt = evaluate(net, data, s, trainEval, probe, norm, schedule.rate(s));
                curve.add(pt);
                next++;
                if (!diverged && !Double.isNaN(pt.testAccuracy())) {
                    best = Double.isNaN(best) ? pt.testAccuracy() : Math.max(best, pt.testAccuracy());
                }
            }
            if (diverged) {
                divergedStep = s;
                break;
            }
            if (s == run.steps()) {
                break;
            }
            if (run.clipNorm() > 0 && norm > run.clipNorm()) {
                double f = run.clipNorm() / norm;
                for (int i = 0; i < grad.length; i++) {
                    grad[i] *= f;
                }
            }
            optimizer.step(params, grad, schedule.rate(s));
        }
        TrainingResult.CurvePoint last = curve.get(curve.size() - 1);
        double wall = (System.nanoTime() - t0) / 1e9;
        return new TrainingResult(run, s, last.trainLoss(), last.testLoss(), last.testAccuracy(), best,
                divergedStep >= 0, divergedStep, wall, List.copyOf(curve));
    }

    private static TrainingResult.CurvePoint evaluate(Network net, Dataset data, int step, int trainEval, int probe,
                                                      double gradNorm, double lr) {
        Network.Evaluation tr = net.evaluate(data.trainX(), data.trainY(), data.trainLabels(), trainEval);
        double testLoss = Double.NaN;
        double testAcc = Double.NaN;
        if (data.testSize() > 0) {
            Network.Evaluation te = net.evaluate(data.testX(), data.testY(), data.testLabels(), data.testSize());
            testLoss = te.meanLoss();
            testAcc = data.classification() ? te.accuracy() : Double.NaN;
        }
        return new TrainingResult.CurvePoint(step, tr.meanLoss(), testLoss, testAcc, gradNorm,
                net.hChange(data.trainX(), probe), lr);
    }

    /** Fisher-Yates: a uniform permutation of 0..n-1 from the epoch's own stream. */
    static void shuffle(int[] order, UniformRandomProvider rng) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static void gather(Dataset data, int[] order, int pos, int batch, double[] xb, double[] yb, int[] lb) {
        int nIn = data.inputs();
        int nOut = data.outputs();
        for (int b = 0; b < batch; b++) {
            int e = order[pos + b];
            System.arraycopy(data.trainX(), e * nIn, xb, b * nIn, nIn);
            System.arraycopy(data.trainY(), e * nOut, yb, b * nOut, nOut);
            if (lb != null) {
                lb[b] = data.trainLabels()[e];
            }
        }
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
