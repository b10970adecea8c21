/**
 * Version 1 of Quiver's storage formats. Each format documents its byte layout in its class
 * comment, starts with a magic number and a version, and detects damage with CRC32C:
 *
 * <ul>
 *   <li>{@link io.quiver.storage.format.v1.WalRecordCodec}: one write batch as a write-ahead-log
 *       record (the log's framing carries the checksum);
 *   <li>{@link io.quiver.storage.format.v1.SegmentFile}: a sealed segment's rows as an Arrow IPC
 *       file;
 *   <li>{@link io.quiver.storage.format.v1.DeleteLog}: a sealed segment's delete timestamps;
 *   <li>{@link io.quiver.storage.format.v1.IndexFile}: the envelope of a serialized vector index.
 * </ul>
 *
 * <p>A later, incompatible layout goes into a new package ({@code format.v2}); readers of older
 * versions stay. Files are replaced atomically and durably through {@link
 * io.quiver.storage.format.v1.AtomicFiles}.
 */
package io.quiver.storage.format.v1;
