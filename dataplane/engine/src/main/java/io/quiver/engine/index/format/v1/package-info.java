/**
 * Version 1 of the index file formats. Every index file is one little-endian container
 * ({@link IndexFileWriter}, {@link IndexFile}): a magic number naming the index type, the
 * format version, a list of int32 header values and a table of 64-byte aligned sections that
 * can be memory-mapped and read in place. The per-type classes ({@link HnswFormat},
 * {@link IvfFormat}) document what each header value and section holds.
 *
 * <p>Algorithms never depend on this package; it maps their storage to bytes and back.
 */
package io.quiver.engine.index.format.v1;
