package resnetmc.theory.meanfield;

/**
 * Infinite-width recursions of Yang and Schoenholz (NeurIPS 2017) for residual networks, with an
 * optional branch factor alpha (x^l = alpha * branch + x^{l-1}; alpha = 1 is their setting), for two
 * inputs x, x' through the same weights (THEORY.md section 3).
 *
 * <pre>
 * FRN: h = W x + b, x^l = alpha (V phi(h) + a) + x^{l-1}   (alpha on the branch)
 * RRN: h = W x + b, x^l = alpha phi(h) + x^{l-1}
 * q^l = sigma_w^2 p^{l-1} + sigma_b^2,  lambda^l = sigma_w^2 gamma^{l-1} + sigma_b^2
 * FRN: p^l = p^{l-1} + alpha^2 (sigma_v^2 E phi(u)^2 + sigma_a^2)
 *      gamma^l = gamma^{l-1} + alpha^2 (sigma_v^2 E phi(u) phi(u') + sigma_a^2)
 *      chi^{l-1} = chi^l (1 + alpha^2 sigma_v^2 sigma_w^2 E phi'(u)^2)
 * RRN: p^l = p^{l-1} + alpha^2 E phi(u)^2 + 2 alpha m^{l-1} E phi(u),  m^l = m^{l-1} + alpha E phi(u)
 *      gamma^l = gamma^{l-1} + alpha^2 E phi(u) phi(u') + alpha (m^{l-1} E phi(u') + m'^{l-1} E phi(u))
 *      chi^{l-1} = chi^l (1 + alpha^2 sigma_w^2 E phi'(u)^2)
 * </pre>
 * u ~ N(0, q^l), (u, u') bivariate with covariance lambda^l. The RRN cross terms come from the
 * coordinate mean m of x: given x, each h_i is N(0, q) whatever x_i is, so <x, phi(h)>/N tends to
 * m E phi(u); they vanish for odd phi (tanh) and dominate for ReLU. The chi recursions assume gradient
 * independence (fresh weights in the backward pass). For the FRN the biases a enter the branch, so
 * alpha scales them too.
 *
 * @param frn     true for FRN, false for RRN
 * @param branch  alpha, the factor on the residual branch (1 for Yang and Schoenholz's networks)
 */
public record MeanFieldRecursion(boolean frn, Phi phi, double sigmaW, double sigmaV, double sigmaA, double sigmaB,
                                 double branch) {

    /** Per-layer predictions, index l = 0..L (layer 0 is the input). */
    public record Trajectory(double[] p, double[] p2, double[] gamma, double[] cosine, double[] expressivity,
                             double[] chiRatio) {
    }

    /**
     * Runs L layers from input lengths p0, p0' (= ||x||^2/N), input cosine e0, and coordinate means
     * m0, m0' (RRN only). With {@code correlation} false, gamma, cosine and expressivity are left NaN
     * (they need a two-dimensional integral per layer). chiRatio[l] = chi^0 / chi^l.
     */
    public Trajectory run(int layers, double p0, double p0b, double e0, double m0, double m0b, boolean correlation) {
        double[] p = new double[layers + 1];
        double[] pb = new double[layers + 1];
        double[] g = new double[layers + 1];
        double[] e = new double[layers + 1];
        double[] s = new double[layers + 1];
        double[] chi = new double[layers + 1];
        p[0] = p0;
        pb[0] = p0b;
        g[0] = e0 * Math.sqrt(p0 * p0b);
        chi[0] = 1.0;
        double m = m0;
        double mb = m0b;
        double a2 = branch * branch;
        for (int l = 1; l <= layers; l++) {
            double q = sigmaW * sigmaW * p[l - 1] + sigmaB * sigmaB;
            double qb = sigmaW * sigmaW * pb[l - 1] + sigmaB * sigmaB;
            double lambda = sigmaW * sigmaW * g[l - 1] + sigmaB * sigmaB;
            double dphi2 = phi.derivativeSecondMoment(q);
            if (frn) {
                p[l] = p[l - 1] + a2 * (sigmaV * sigmaV * phi.secondMoment(q) + sigmaA * sigmaA);
                pb[l] = pb[l - 1] + a2 * (sigmaV * sigmaV * phi.secondMoment(qb) + sigmaA * sigmaA);
                if (correlation) {
                    g[l] = g[l - 1] + a2 * (sigmaV * sigmaV * phi.crossMoment(q, qb, lambda) + sigmaA * sigmaA);
                }
                chi[l] = chi[l - 1] * (1 + a2 * sigmaV * sigmaV * sigmaW * sigmaW * dphi2);
            } else {
                double mu = phi.mean(q);
                double mub = phi.mean(qb);
                p[l] = p[l - 1] + a2 * phi.secondMoment(q) + 2 * branch * m * mu;
                pb[l] = pb[l - 1] + a2 * phi.secondMoment(qb) + 2 * branch * mb * mub;
                if (correlation) {
                    g[l] = g[l - 1] + a2 * phi.crossMoment(q, qb, lambda) + branch * (m * mub + mb * mu);
                }
                m += branch * mu;
                mb += branch * mub;
                chi[l] = chi[l - 1] * (1 + a2 * sigmaW * sigmaW * dphi2);
            }
        }
        for (int l = 0; l <= layers; l++) {
            if (correlation) {
                e[l] = g[l] / Math.sqrt(p[l] * pb[l]);
                s[l] = 0.5 * (p[l] + pb[l]) - g[l];
            } else {
                g[l] = e[l] = s[l] = Double.NaN;
            }
        }
        // chi^0/chi^l = prod_{k <= l} factor_k, the product of the layers between the input and l.
        return new Trajectory(p, pb, g, e, s, chi);
    }

    /**
     * The predictions at the given layers, laid out as a Monte Carlo trial's values: per layer l,
     * p^l, gamma^l, e^l, s^l, chi^l and chi^0/chi^l, for two inputs of length p0 and cosine e0 with
     * zero coordinate mean (the expectation over isotropic inputs), and chi^L = 1 (the loss gradient
     * g ~ N(0, I_N) of the trial has E |g|^2/N = 1). chi^l = prod_{k > l} factor_k, which is infinite
     * for l < L when E phi'(u)^2 diverges (alpha-ReLU with alpha <= 1/2): reported, not fitted.
     */
    public double[] predict(int layers, double p0, double e0, int[] at) {
        Trajectory t = run(layers, p0, p0, e0, 0.0, 0.0, true);
        double[] ratio = t.chiRatio();
        double[] out = new double[at.length * 6];
        for (int k = 0; k < at.length; k++) {
            int l = at[k];
            int o = k * 6;
            out[o] = t.p()[l];
            out[o + 1] = t.gamma()[l];
            out[o + 2] = t.cosine()[l];
            out[o + 3] = t.expressivity()[l];
            out[o + 4] = l == layers ? 1.0
                    : Double.isInfinite(ratio[layers]) ? Double.POSITIVE_INFINITY : ratio[layers] / ratio[l];
            out[o + 5] = ratio[l];
        }
        return out;
    }
}
