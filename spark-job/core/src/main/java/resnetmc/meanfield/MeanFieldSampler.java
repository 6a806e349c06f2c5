package resnetmc.meanfield;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import resnetmc.kernel.EntrySampler;
import resnetmc.kernel.SpanConditioning;
import resnetmc.kernel.Vectors;
import resnetmc.model.Sampler;
import resnetmc.model.WeightDistribution;
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
 * independence). All layers are stored: about 10 N doubles per layer.
 *
 * <p>Weights of other laws (uniform presets) take the dense path: every row of W and V drawn from the
 * layer's stream ({@link EntrySampler}, variance 1/N) and used at once, then regenerated in the same
 * order by the backward pass for W^T y and V^T q, as {@link DenseSampler} does: O(L N^2) per trial.
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
    private final WeightDistribution law;   // null: Gaussian by span conditioning
    private final double[] row;

    /** The sampler of a cell: span conditioning for its conditional cells, dense rows otherwise. */
    public static MeanFieldSampler of(MeanFieldCell c) {
        return new MeanFieldSampler(c.arch() == MeanFieldArchitecture.FRN, c.phi(), c.sigmaW(), c.sigmaV(),
                c.sigmaA(), c.sigmaB(), c.branch(), c.width(), c.depth(),
                c.sampler() == Sampler.CONDITIONAL ? null : c.distribution());
    }

    /** Gaussian weights by span conditioning. */
    public MeanFieldSampler(boolean frn, Phi phi, double sigmaW, double sigmaV, double sigmaA, double sigmaB,
                            double alpha, int width, int depth) {
        this(frn, phi, sigmaW, sigmaV, sigmaA, sigmaB, alpha, width, depth, null);
    }

    /** With {@code denseLaw} non-null, every weight is drawn from that law (variance 1/N). */
    public MeanFieldSampler(boolean frn, Phi phi, double sigmaW, double sigmaV, double sigmaA, double sigmaB,
                            double alpha, int width, int depth, WeightDistribution denseLaw) {
        this.frn = frn;
        this.phi = phi;
        this.sw = sigmaW;
        this.sv = sigmaV;
        this.sa = sigmaA;
        this.sb = sigmaB;
        this.alpha = alpha;
        this.n = width;
        this.depth = depth;
        this.law = denseLaw;
        this.row = new double[n];
        this.span = new SpanConditioning(n, 2);
        this.wSpan = new SpanConditioning.Span[depth];
        this.vSpan = new SpanConditioning.Span[depth];
        for (int l = 0; l < depth && law == null; l++) {
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
            image(x, pre[l], streams.w(l + 1), wSpan[l]);
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
                image(g, img, streams.v(l + 1), vSpan[l]);
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

    /** out_j = M in_j for both inputs: conditioned on nothing yet (span), or row by row (dense). */
    private void image(double[][] in, double[][] out, UniformRandomProvider rng, SpanConditioning.Span s) {
        if (law == null) {
            span.image(in, out, rng, s);
            return;
        }
        EntrySampler rows = EntrySampler.of(law, rng, 1.0 / Math.sqrt(n));
        for (int i = 0; i < n; i++) {
            rows.fill(row, n);
            out[0][i] = Vectors.dot(row, in[0], n);
            out[1][i] = Vectors.dot(row, in[1], n);
        }
    }

    /**
     * out_j = M^T in_j: conditioned on the forward span with fresh draws from {@code fresh} (span), or
     * by regenerating M's rows from {@code forward}, the stream the forward pass drew them from (dense).
     */
    private void transpose(double[][] in, double[][] out, UniformRandomProvider forward, UniformRandomProvider fresh,
                           SpanConditioning.Span s) {
        if (law == null) {
            span.transpose(in, out, fresh, s);
            return;
        }
        java.util.Arrays.fill(out[0], 0.0);
        java.util.Arrays.fill(out[1], 0.0);
        EntrySampler rows = EntrySampler.of(law, forward, 1.0 / Math.sqrt(n));
        for (int i = 0; i < n; i++) {
            rows.fill(row, n);
            Vectors.axpy(in[0][i], row, out[0], n);
            Vectors.axpy(in[1][i], row, out[1], n);
        }
    }

    /** The quantities of one trial at each recorded layer, {@link #QUANTITIES} values per layer. */
    public static final int QUANTITIES = 6;

    /**
     * One trial: two inputs of squared length N p^0 and cosine e^0 (a random orthonormal pair from the
     * inputs stream), forward, then true backpropagation of E = g . (x^L + x'^L) with g ~ N(0, I_N)
     * from the same stream (so chi^L = |g|^2/N, of mean 1). Returns, for each layer of {@code layers},
     * p, gamma, e, s, chi and chi^0/chi^l, in that order.
     */
    public double[] trial(TrialStreams streams, double inputLength, double inputCosine, int[] layers) {
        ZigguratSampler.NormalizedGaussian normal = ZigguratSampler.NormalizedGaussian.of(streams.inputs());
        double[] u = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = normal.sample();
        }
        for (int i = 0; i < n; i++) {
            v[i] = normal.sample();
        }
        Vectors.normalise(u, n);
        Vectors.axpy(-Vectors.dot(u, v, n), u, v, n);
        Vectors.normalise(v, n);
        double r = Math.sqrt(n * inputLength);
        double sin = Math.sqrt(Math.max(0.0, 1 - inputCosine * inputCosine));
        double[] x0 = new double[n];
        double[] x0b = new double[n];
        for (int i = 0; i < n; i++) {
            x0[i] = r * u[i];
            x0b[i] = r * (inputCosine * u[i] + sin * v[i]);
        }
        forward(x0, x0b, streams);
        double[] gL = new double[n];
        for (int i = 0; i < n; i++) {
            gL[i] = normal.sample();
        }
        backward(gL, gL, streams);
        double[] out = new double[layers.length * QUANTITIES];
        for (int k = 0; k < layers.length; k++) {
            int l = layers[k];
            int o = k * QUANTITIES;
            out[o] = p[l];
            out[o + 1] = gamma[l];
            out[o + 2] = cosine(l);
            out[o + 3] = 0.5 * (p[l] + p2[l]) - gamma[l];
            out[o + 4] = chi[l];
            out[o + 5] = chi[0] / chi[l];
        }
        return out;
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
                transpose(q, y, streams.v(l + 1), streams.vBackward(l + 1), vSpan[l]);   // V^T q
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
            transpose(y, z, streams.w(l + 1), streams.wBackward(l + 1), wSpan[l]);  // W^T (...)
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
