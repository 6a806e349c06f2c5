package resnetmc.kernel;

import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import resnetmc.rng.TrialStreams;
import resnetmc.theory.meanfield.Phi;

/**
 * Two inputs through one finite-width residual network of Yang and Schoenholz (FRN or RRN, Gaussian
 * weights and biases), forward and true backpropagation, sampled exactly in law with O(L N) work by
 * span conditioning ({@link SpanConditioning}, THEORY.md section 5): W sees the span of (x, x'), V the
 * span of (phi(h), phi(h')), and the backward pass conditions W^T and V^T on those images.
 *
 * <pre>
 * h = sigma_w W x + b,  FRN: x <- x + alpha (sigma_v V phi(h) + a),  RRN: x <- x + alpha phi(h)
 * </pre>
 * W, V with i.i.d. N(0, 1/N) entries; b ~ N(0, sigma_b^2 I), a ~ N(0, sigma_a^2 I) fresh per layer.
 * Records per layer l = 0..L: p = |x|^2/N, p', gamma = x.x'/N and, after {@link #backward},
 * chi = |dE/dx^l|^2 / N for the first input's gradient, through the real network (no gradient
 * independence). All layers are stored: about 8 N doubles per layer.
 */
public final class MeanFieldSampler {
    private final boolean frn;
    private final Phi phi;
    private final double sw;
    private final double sv;
    private final double sa;
    private final double sb;
    private final double alpha;
    private final int n;
    private final int depth;
    private final SpanConditioning span;
    private final SpanConditioning.Span[] wSpan;
    private final SpanConditioning.Span[] vSpan;
    private final double[][][] pre;   // h at layer l (1..L), both inputs
    private final double[] p;
    private final double[] p2;
    private final double[] gamma;
    private final double[] chi;
    private final double[][] x = new double[2][];
    private final double[][] g;
    private final double[][] img;

    public MeanFieldSampler(boolean frn, Phi phi, double sigmaW, double sigmaV, double sigmaA, double sigmaB,
                            double alpha, int width, int depth) {
        this.frn = frn;
        this.phi = phi;
        this.sw = sigmaW;
        this.sv = sigmaV;
        this.sa = sigmaA;
        this.sb = sigmaB;
        this.alpha = alpha;
        this.n = width;
        this.depth = depth;
        this.span = new SpanConditioning(n, 2);
        this.wSpan = new SpanConditioning.Span[depth];
        this.vSpan = new SpanConditioning.Span[depth];
        for (int l = 0; l < depth; l++) {
            wSpan[l] = new SpanConditioning.Span(n, 2);
            vSpan[l] = frn ? new SpanConditioning.Span(n, 2) : null;
        }
        this.pre = new double[depth][2][n];
        this.p = new double[depth + 1];
        this.p2 = new double[depth + 1];
        this.gamma = new double[depth + 1];
        this.chi = new double[depth + 1];
        this.g = new double[2][n];
        this.img = new double[2][n];
    }

    /** Forward pass of the inputs x0, x0b (not modified). */
    public void forward(double[] x0, double[] x0b, TrialStreams streams) {
        x[0] = x0.clone();
        x[1] = x0b.clone();
        record(0);
        for (int l = 0; l < depth; l++) {
            span.image(x, pre[l], streams.w(l + 1), wSpan[l]);
            ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(streams.bias(l + 1));
            for (int i = 0; i < n; i++) {
                double b = sb * normal.sample();
                pre[l][0][i] = sw * pre[l][0][i] + b;
                pre[l][1][i] = sw * pre[l][1][i] + b;
            }
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < n; i++) {
                    g[j][i] = phi.value(pre[l][j][i]);
                }
            }
            if (frn) {
                span.image(g, img, streams.v(l + 1), vSpan[l]);
                for (int i = 0; i < n; i++) {
                    double a = sa * normal.sample();
                    for (int j = 0; j < 2; j++) {
                        x[j][i] += alpha * (sv * img[j][i] + a);
                    }
                }
            } else {
                for (int j = 0; j < 2; j++) {
                    for (int i = 0; i < n; i++) {
                        x[j][i] += alpha * g[j][i];
                    }
                }
            }
            record(l + 1);
        }
    }

    private void record(int l) {
        p[l] = Vectors.dot(x[0], x[0], n) / n;
        p2[l] = Vectors.dot(x[1], x[1], n) / n;
        gamma[l] = Vectors.dot(x[0], x[1], n) / n;
    }

    /**
     * True backpropagation of the gradients gL, gLb (for the two inputs) through the sampled network;
     * chi[l] is the first input's |dE/dx^l|^2 / N.
     */
    public void backward(double[] gL, double[] gLb, TrialStreams streams) {
        double[][] q = {gL.clone(), gLb.clone()};
        double[][] y = new double[2][n];
        double[][] z = new double[2][n];
        chi[depth] = Vectors.dot(q[0], q[0], n) / n;
        for (int l = depth - 1; l >= 0; l--) {
            if (frn) {
                span.transpose(q, y, streams.vBackward(l + 1), vSpan[l]);   // V^T q
                for (int j = 0; j < 2; j++) {
                    for (int i = 0; i < n; i++) {
                        y[j][i] *= sv * phi.derivative(pre[l][j][i]);
                    }
                }
            } else {
                for (int j = 0; j < 2; j++) {
                    for (int i = 0; i < n; i++) {
                        y[j][i] = q[j][i] * phi.derivative(pre[l][j][i]);
                    }
                }
            }
            span.transpose(y, z, streams.wBackward(l + 1), wSpan[l]);       // W^T (...)
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < n; i++) {
                    q[j][i] += alpha * sw * z[j][i];
                }
            }
            chi[l] = Vectors.dot(q[0], q[0], n) / n;
        }
    }

    public double p(int l) {
        return p[l];
    }

    public double p2(int l) {
        return p2[l];
    }

    public double gamma(int l) {
        return gamma[l];
    }

    public double cosine(int l) {
        return gamma[l] / Math.sqrt(p[l] * p2[l]);
    }

    public double chi(int l) {
        return chi[l];
    }
}
