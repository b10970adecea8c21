/**
 * Bulk insert's file readers: Parquet, row-based JSON and Arrow IPC files turned into validated
 * engine columns ({@link io.quiver.engine.segment.ColumnData}) in batches, with progress, and
 * errors that name the file, the row and the field.
 *
 * <p><b>Use.</b> {@link io.quiver.storage.imports.ImportFile#fetch} copies the object to a local
 * temporary file once; {@link io.quiver.storage.imports.ImportFile#open} gives an {@link
 * io.quiver.storage.imports.ImportReader} of {@link io.quiver.storage.imports.ImportBatch}es, as
 * often as needed (a validation pass with {@link io.quiver.storage.imports.ImportValidator}, then
 * the inserting pass).
 *
 * <p><b>Row numbers</b> in errors and batches are 0-based indexes of data rows in the file.
 *
 * <p><b>Mapping to the schema</b> (all formats): columns (Parquet, Arrow) and row keys (JSON) map
 * to fields by name. The primary key must be present, unless it is autoID, in which case it must
 * be absent (or, with {@link io.quiver.storage.imports.ImportOptions#allowAutoIdKeys()}, it is
 * read). A missing or null value takes the field's default value, else null when the field is
 * nullable, else rejects the row. Names that are not fields go into the dynamic field {@code
 * $meta} when it is enabled and reject the file (columnar) or row (JSON) otherwise; a {@code
 * $meta} column or key holding a JSON object (or JSON text of one) is merged into it. Values
 * convert as {@code ImportValues} documents: integers only for integer fields (range-checked),
 * any number for Float and Double, strings for VarChar, JSON values or JSON text for JSON fields,
 * lists for Array (element type, max_capacity) and FloatVector (exactly dim numbers) fields; then
 * the engine's {@link io.quiver.engine.schema.ColumnValidator} checks them as for an insert (finite
 * floats and vectors, max_length, dynamic keys).
 *
 * <p><b>Parquet without Hadoop.</b> Parquet is read with parquet-java ({@code parquet-hadoop})
 * but Hadoop is not on the run-time class path: files are opened through {@code
 * org.apache.parquet.io.LocalInputFile}, pages are decompressed by our own codec factory over
 * aircompressor (Snappy, Zstandard, LZ4) and {@code java.util.zip} (GZIP), and the read options
 * are made without the Hadoop-bound builder (see {@code ParquetFiles}). Hadoop's client API jar is
 * a compile-only dependency, which javac needs to resolve parquet-hadoop's overloads.
 */
package io.quiver.storage.imports;
