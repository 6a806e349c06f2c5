/**
 * The names and layouts of the tables a run writes under {@code OUTPUT/RUN_ID/}: {@link
 * resnetmc.schema.TableNames}, {@link resnetmc.schema.Columns} and {@link resnetmc.schema.TableSchemas}.
 * The job builds its Spark schemas from them and {@code analysis} reads them, so a column is named
 * in one place. Plain Java: imports nothing outside {@code java.*} (no Spark, no other resnetmc package).
 */
package resnetmc.schema;
