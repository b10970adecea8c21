/**
 * The write-ahead log of a shard: every client write batch is appended as one opaque record and
 * is durable before the write is acknowledged; on start the records after the last checkpoint
 * are replayed; after a checkpoint the files behind it are deleted.
 *
 * <p>{@link io.quiver.storage.wal.WriteAheadLog} is the contract (durability, LSN order,
 * failure behaviour); {@link io.quiver.storage.wal.FileWriteAheadLog} implements it in a
 * local directory with group commit; {@code WalFormat} documents the byte layout of its files;
 * {@link io.quiver.storage.wal.RecordTransformer} is where per-record encryption plugs in.
 *
 * <p>Typical use by a shard:
 *
 * <pre>{@code
 * try (WriteAheadLog wal = FileWriteAheadLog.open(shardDir, WalOptions.defaults())) {
 *   wal.replay(checkpointLsn, (lsn, record) -> growingSegment.apply(decode(record)));
 *   ...
 *   wal.append(encode(batch)).thenAcceptAsync(lsn -> applyAndAcknowledge(batch, lsn), executor);
 *   ...
 *   wal.truncateBefore(newCheckpointLsn); // after the sealed segment is in the catalog
 * }
 * }</pre>
 */
package io.quiver.storage.wal;
