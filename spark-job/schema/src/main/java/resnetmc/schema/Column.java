package resnetmc.schema;

/**
 * One column of a table: its name (a public interface: users' queries rely on it), its type and whether
 * it may be null. The types are the few the tables use, named without Spark so that {@code analysis} and
 * the job read them from the same place; the job maps them to Spark SQL types.
 */
public record Column(String name, Type type, boolean nullable) {

    /** The column types of the tables (arrays hold no nulls). */
    public enum Type { STRING, INT, LONG, DOUBLE, BOOLEAN, TIMESTAMP, INT_ARRAY, LONG_ARRAY, DOUBLE_ARRAY }
}
