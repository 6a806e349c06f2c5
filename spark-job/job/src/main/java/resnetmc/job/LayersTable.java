package resnetmc.job;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import resnetmc.meanfield.MeanFieldArchitecture;
import resnetmc.meanfield.MeanFieldCell;
import resnetmc.meanfield.MeanFieldConfig;
import resnetmc.model.Scaling;
import resnetmc.stats.TrialVectorBuffer;
import resnetmc.theory.meanfield.Phi;

/**
 * The {@code layers} table of {@code mode = meanfield}: one row per cell and recorded layer, the
 * Monte Carlo mean and confidence interval of each quantity next to the infinite-width prediction.
 * Column names are a public interface (named by the mean-field issue): add, never rename.
 */
public final class LayersTable {
    public static final String NAME = "layers";

    /** The quantities, in the order of a trial's values ({@code MeanFieldSampler#trial}). */
    public static final List<String> QUANTITIES = List.of("p", "gamma", "e", "s", "chi", "chi_ratio");

    public static final StructType SCHEMA = schema();

    private LayersTable() {
    }

    private static StructType schema() {
        List<StructField> f = new ArrayList<>();
        add(f, "run_id", StringType, false);
        add(f, "seed", LongType, false);
        add(f, "cell_id", LongType, false);
        add(f, "arch", StringType, false);
        add(f, "activation", StringType, false);
        add(f, "alpha_relu_exponent", DoubleType, true);
        add(f, "init", StringType, false);
        add(f, "sigma_w", DoubleType, false);
        add(f, "sigma_v", DoubleType, false);
        add(f, "sigma_a", DoubleType, false);
        add(f, "sigma_b", DoubleType, false);
        add(f, "distribution", StringType, false);
        add(f, "width", IntegerType, false);
        add(f, "depth", IntegerType, false);
        add(f, "beta", DoubleType, true);
        add(f, "alpha", DoubleType, false);
        add(f, "input_cosine", DoubleType, false);
        add(f, "input_length", DoubleType, false);
        add(f, "sampler", StringType, false);
        add(f, "trials", IntegerType, false);
        add(f, "layer", IntegerType, false);
        for (String q : QUANTITIES) {
            add(f, q + "_mc", DoubleType, false);
            add(f, q + "_ci_low", DoubleType, false);
            add(f, q + "_ci_high", DoubleType, false);
            add(f, q + "_theory", DoubleType, false);
        }
        add(f, "theory_note", StringType, true);
        return new StructType(f.toArray(new StructField[0]));
    }

    private static void add(List<StructField> f, String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
        f.add(new StructField(name, type, nullable, Metadata.empty()));
    }

    /** The rows of one cell: {@code theory} is laid out as the trials' values, layer by layer. */
    public static List<Row> rows(MeanFieldConfig cfg, MeanFieldCell c, int[] layers, TrialVectorBuffer buffer,
                                 double[] theory) {
        String note = note(c);
        List<Row> rows = new ArrayList<>(layers.length);
        for (int k = 0; k < layers.length; k++) {
            List<Object> v = new ArrayList<>(SCHEMA.size());
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

    /** What the reader of a cell's rows must know before comparing (the known pitfalls). */
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
