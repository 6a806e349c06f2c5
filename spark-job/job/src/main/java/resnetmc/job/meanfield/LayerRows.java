package resnetmc.job.meanfield;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import resnetmc.meanfield.MeanFieldConfig;
import resnetmc.meanfield.MeanFieldArchitecture;
import resnetmc.meanfield.MeanFieldCell;
import resnetmc.model.Scaling;
import resnetmc.schema.Columns;
import resnetmc.stats.TrialVectorBuffer;
import resnetmc.theory.meanfield.Phi;

/**
 * The rows of the {@code layers} table of {@code mode = meanfield}: one row per cell and recorded layer,
 * the Monte Carlo mean and confidence interval of each quantity next to the infinite-width prediction,
 * in the column order of {@link resnetmc.io.SparkSchemas#LAYERS}.
 */
final class LayerRows {
    /** The quantities, in the order of a trial's values ({@code MeanFieldSampler#trial}). */
    static final List<String> QUANTITIES = Columns.LAYER_QUANTITIES;

    private LayerRows() {
    }

    /** The rows of one cell: {@code theory} is laid out as the trials' values, layer by layer. */
    static List<Row> rows(MeanFieldConfig cfg, MeanFieldCell c, int[] layers, TrialVectorBuffer buffer,
                                 double[] theory) {
        String note = note(c);
        List<Row> rows = new ArrayList<>(layers.length);
        for (int k = 0; k < layers.length; k++) {
            List<Object> v = new ArrayList<>(resnetmc.io.SparkSchemas.LAYERS.size());
            v.add(cfg.runId());
            v.add(cfg.seed());
            v.add(c.id());
            v.add(c.arch().label());
            v.add(c.phiLabel());
            v.add(c.phi().kind() == Phi.Kind.ALPHA_RELU ? c.phi().alpha() : null);
            v.add(c.init().label());
            v.add(c.sigmaW());
            v.add(c.sigmaV());
            v.add(c.sigmaA());
            v.add(c.sigmaB());
            v.add(c.distribution().label());
            v.add(c.width());
            v.add(c.depth());
            v.add(c.scaling() instanceof Scaling.Beta b ? b.beta() : null);
            v.add(c.branch());
            v.add(c.inputCosine());
            v.add(c.inputLength());
            v.add(c.sampler().label());
            v.add(cfg.trials());
            v.add(layers[k]);
            for (int j = 0; j < QUANTITIES.size(); j++) {
                TrialVectorBuffer.Estimate e = buffer.estimate(k * QUANTITIES.size() + j, cfg.confidence());
                v.add(e.mean());
                v.add(e.low());
                v.add(e.high());
                v.add(theory[k * QUANTITIES.size() + j]);
            }
            v.add(note);
            rows.add(RowFactory.create(v.toArray()));
        }
        return rows;
    }

    /** What the reader of a cell's rows must know before comparing (known pitfalls of the comparison). */
    static String note(MeanFieldCell c) {
        List<String> notes = new ArrayList<>();
        if (c.phi().kind() == Phi.Kind.ALPHA_RELU && c.phi().alpha() <= 0.5) {
            notes.add("E[phi'(u)^2] diverges for alpha-relu with exponent <= 1/2: chi_theory is infinite and the "
                    + "finite-width gradients are heavy-tailed with no limit in N");
        }
        if (c.arch() == MeanFieldArchitecture.RRN && c.phi().kind() != Phi.Kind.TANH) {
            notes.add("RRN with a non-odd phi: the gradient-independence prediction of chi fails at every width "
                    + "(x aligns with the all-ones vector; the true gradient grows like p^L/N)");
        }
        if (c.phi().kind() != Phi.Kind.TANH) {
            notes.add("s_mc carries a positive O(1/N) bias (p != p' at finite width)");
        }
        return notes.isEmpty() ? null : String.join("; ", notes);
    }
}
