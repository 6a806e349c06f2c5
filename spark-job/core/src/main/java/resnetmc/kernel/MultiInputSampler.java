package resnetmc.kernel;

import resnetmc.model.Activation;
import resnetmc.model.Architecture;
import resnetmc.model.Cell;
import resnetmc.model.WeightDistribution;
import resnetmc.rng.TrialStreams;

/**
 * m inputs through the same Gaussian network, forward and backward, exact in law with O(L d m^2) work:
 * each layer's W and V are conditioned on their images of the span of the m states (resp. branch
 * outputs) by {@link SpanConditioning}. The joint law across inputs is what correlations
 * (cosines, the mean-field gamma and e of Yang and Schoenholz) need.
 *
 * <p>States are carried per input as (unit vector, log-scale) for positively homogeneous branches, as
 * in {@link ResidualKernel}; images and transposes are linear in each column, so per-column scales
 * factor out. Memory: the backward pass keeps, per layer, the m states, the m pre-activations and the
 * two spans (Q and M Q of W and of V): at most 6 m d doubles per layer, all layers stored.
 * Not thread-safe.
 */
public final class MultiInputSampler {
    private final Architecture arch;
    private final Activation act;
    private final int d;
    private final int m;
    private final int depth;
    private final double alpha;
    private final boolean homogeneous;
    private final SpanConditioning span;
    private final double[][][] u;        // u[k][j]: state of input j at layer k
    private final double[][] s;          // s[k][j]: its log-scale
    private final double[][][] pre;      // W h_k (res-2/3)
    private final SpanConditioning.Span[] wSpan;
    private final SpanConditioning.Span[] vSpan;
    private final double[][] g;
    private final double[][] img;
    private final double[][] y;
    private final double[][] x;
    private final double[][] out;
    private final double[][] q;          // backward directions
    private final double[] t;            // backward log-scales
    private final double[][] pLog;       // pLog[k][j] = log ||p_k^j||

    public MultiInputSampler(Cell cell, int inputs) {
        if (cell.distribution() != WeightDistribution.GAUSSIAN) {
            throw new IllegalArgumentException("span conditioning is exact for Gaussian weights only");
        }
        this.arch = cell.arch();
        this.act = cell.activation();
        this.d = cell.width();
        this.m = inputs;
        this.depth = cell.depth();
        this.alpha = cell.alpha();
        this.homogeneous = act.positivelyHomogeneous();
        this.span = new SpanConditioning(d, m);
        this.u = new double[depth + 1][m][d];
        this.s = new double[depth + 1][m];
        this.pre = arch.hasInnerWeights() ? new double[depth][m][d] : null;
        this.wSpan = new SpanConditioning.Span[depth];
        this.vSpan = new SpanConditioning.Span[depth];
        for (int k = 0; k < depth; k++) {
            if (arch.hasInnerWeights()) {
                wSpan[k] = new SpanConditioning.Span(d, m);
            }
            vSpan[k] = new SpanConditioning.Span(d, m);
        }
        this.g = new double[m][d];
        this.img = new double[m][d];
        this.y = new double[m][d];
        this.x = new double[m][d];
        this.out = new double[m][d];
        this.q = new double[m][d];
        this.t = new double[m];
        this.pLog = new double[depth + 1][m];
    }

    /** Forward pass of the m inputs h0[j]. */
    public void forward(double[][] h0, TrialStreams streams) {
        for (int j = 0; j < m; j++) {
            System.arraycopy(h0[j], 0, u[0][j], 0, d);
            s[0][j] = homogeneous ? normalise(u[0][j]) : 0.0;
        }
        for (int k = 0; k < depth; k++) {
            double[][] h = u[k];
            if (arch.hasInnerWeights()) {
                span.image(h, pre[k], streams.w(k + 1), wSpan[k]);
                for (int j = 0; j < m; j++) {
                    act.apply(pre[k][j], g[j], d);
                }
            } else {
                for (int j = 0; j < m; j++) {
                    act.apply(h[j], g[j], d);
                }
            }
            span.image(g, img, streams.v(k + 1), vSpan[k]);
            for (int j = 0; j < m; j++) {
                double[] next = u[k + 1][j];
                for (int i = 0; i < d; i++) {
                    next[i] = h[j][i] + alpha * img[j][i];
                }
                s[k + 1][j] = s[k][j] + (homogeneous ? normalise(next) : 0.0);
            }
        }
    }

    /** Backward pass from the m gradients pL[j] (not modified), after {@link #forward}. */
    public void backward(double[][] pL, TrialStreams streams) {
        for (int j = 0; j < m; j++) {
            System.arraycopy(pL[j], 0, q[j], 0, d);
            t[j] = normalise(q[j]);
            pLog[depth][j] = t[j];
        }
        for (int k = depth - 1; k >= 0; k--) {
            span.transpose(q, y, streams.vBackward(k + 1), vSpan[k]);   // y_j = V^T q_j
            double[][] h = u[k];
            if (arch.hasInnerWeights()) {
                for (int j = 0; j < m; j++) {
                    for (int i = 0; i < d; i++) {
                        x[j][i] = act.derivative(pre[k][j][i]) * y[j][i];
                    }
                }
                span.transpose(x, out, streams.wBackward(k + 1), wSpan[k]);
            } else {
                for (int j = 0; j < m; j++) {
                    for (int i = 0; i < d; i++) {
                        out[j][i] = act.derivative(h[j][i]) * y[j][i];
                    }
                }
            }
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < d; i++) {
                    q[j][i] += alpha * out[j][i];
                }
                t[j] += normalise(q[j]);
                pLog[k][j] = t[j];
            }
        }
    }

    /** log ||h_k^j||. */
    public double logNorm(int k, int j) {
        return s[k][j] + StrictMath.log(Vectors.norm(u[k][j], d));
    }

    /** cos(h_k^i, h_k^j), scale-free. */
    public double cosine(int k, int i, int j) {
        return Vectors.dot(u[k][i], u[k][j], d) / (Vectors.norm(u[k][i], d) * Vectors.norm(u[k][j], d));
    }

    /** log ||p_k^j|| after {@link #backward}. */
    public double gradientLogNorm(int k, int j) {
        return pLog[k][j];
    }

    /** h_k^j / e^{its log-scale}: the unit direction for a positively homogeneous branch, h itself for tanh. */
    public double[] state(int k, int j) {
        return u[k][j].clone();
    }

    /** Direction of p_0^j after {@link #backward}. */
    public double[] gradient(int j) {
        return q[j].clone();
    }

    private double normalise(double[] v) {
        return Vectors.normalise(v, d);
    }
}
