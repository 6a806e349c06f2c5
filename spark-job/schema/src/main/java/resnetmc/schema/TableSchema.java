package resnetmc.schema;

import java.util.ArrayList;
import java.util.List;

/** A table's name and its columns in order. */
public record TableSchema(String name, List<Column> columns) {

    public TableSchema {
        columns = List.copyOf(columns);
    }

    /** The column names in order. */
    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** Whether the table has a column of this name. */
    public boolean has(String column) {
        return columns.stream().anyMatch(c -> c.name().equals(column));
    }

    /** Builds a column list in order; {@link #add(String, Column.Type)} columns are not nullable. */
    static final class Builder {
        private final String name;
        private final List<Column> columns = new ArrayList<>();

        Builder(String name) {
            this.name = name;
        }

        Builder add(String column, Column.Type type) {
            return add(column, type, false);
        }

        Builder add(String column, Column.Type type, boolean nullable) {
            if (columns.stream().anyMatch(c -> c.name().equals(column))) {
                throw new IllegalStateException("column " + column + " twice in " + name);
            }
            columns.add(new Column(column, type, nullable));
            return this;
        }

        TableSchema build() {
            return new TableSchema(name, columns);
        }
    }
}
