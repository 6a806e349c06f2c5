package resnetmc.io;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import resnetmc.schema.Column;
import resnetmc.schema.TableSchema;
import resnetmc.schema.TableSchemas;

/**
 * The Spark schemas of the tables, built from their layouts in {@link TableSchemas} (names, order,
 * types and nullability live there, shared with {@code analysis}).
 */
public final class SparkSchemas {
    public static final StructType TRIALS = of(TableSchemas.TRIALS);
    public static final StructType CELLS = of(TableSchemas.CELLS);
    public static final StructType CHECKS = of(TableSchemas.CHECKS);
    public static final StructType TAILS = of(TableSchemas.TAILS);
    public static final StructType RUNS = of(TableSchemas.RUNS);
    public static final StructType LAYERS = of(TableSchemas.LAYERS);
    public static final StructType TRAINING_RUNS = of(TableSchemas.TRAINING_RUNS);
    public static final StructType TRAINING_CURVES = of(TableSchemas.TRAINING_CURVES);

    private SparkSchemas() {
    }

    /** The Spark schema of a table layout. */
    public static StructType of(TableSchema table) {
        StructField[] fields = new StructField[table.columns().size()];
        for (int i = 0; i < fields.length; i++) {
            Column c = table.columns().get(i);
            fields[i] = new StructField(c.name(), type(c.type()), c.nullable(), Metadata.empty());
        }
        return new StructType(fields);
    }

    static DataType type(Column.Type t) {
        return switch (t) {
            case STRING -> DataTypes.StringType;
            case INT -> DataTypes.IntegerType;
            case LONG -> DataTypes.LongType;
            case DOUBLE -> DataTypes.DoubleType;
            case BOOLEAN -> DataTypes.BooleanType;
            case TIMESTAMP -> DataTypes.TimestampType;
            case INT_ARRAY -> DataTypes.createArrayType(DataTypes.IntegerType, false);
            case LONG_ARRAY -> DataTypes.createArrayType(DataTypes.LongType, false);
            case DOUBLE_ARRAY -> DataTypes.createArrayType(DataTypes.DoubleType, false);
        };
    }
}
