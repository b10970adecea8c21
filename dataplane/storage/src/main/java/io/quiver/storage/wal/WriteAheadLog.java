package io.quiver.storage.wal;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The write-ahead log of one shard: an ordered sequence of opaque records, each with a log
 * sequence number (LSN). LSNs are dense and increasing (the next record gets the LSN after the
 * one before it) and never reused for an acknowledged record, across restarts and truncation.
 *
 * <p>Durability contract: a record is <em>acknowledged</em> when the future {@link #append}
 * returned completes normally; from then on it survives a process or machine crash and is
 * replayed exactly once by every later {@link #replay} that asks for its LSN, until it is
 * truncated. A record whose append failed may or may not be replayed after a restart (the
 * outcome of a write that failed with an I/O error is unknown, as with any timeout); a
 * partially written record is never replayed.
 *
 * <p>Thread safety: implementations are safe for use by many threads at once.
 */
public interface WriteAheadLog extends AutoCloseable {

  /**
   * Appends {@code record}. The record gets its LSN during this call: LSN order is the order in
   * which appends were called (an append that returns before another is called gets the smaller
   * LSN). The future completes with that LSN once the record is durable; concurrent appends
   * share one sync (group commit) and their futures complete in LSN order.
   *
   * <p>Every failure is reported through the future, never thrown: a record larger than the
   * configured maximum ({@link io.quiver.engine.error.QuiverException} with {@code
   * LIMIT_EXCEEDED}), an I/O error such as a full disk ({@link WalFailedException}), a closed
   * log ({@link IllegalStateException}). After an I/O error the log accepts no more appends
   * until it is reopened; the records appended but not yet durable at that moment fail too.
   *
   * <p>Ownership: the log reads {@code record} until the future completes and never changes
   * it; the caller must not change it before then.
   *
   * <p>Dependent stages attached with the non-async methods of the returned future run on the
   * log's writer thread and delay the next sync; attach work that blocks or takes long with the
   * {@code *Async} methods.
   */
  CompletableFuture<Long> append(byte[] record);

  /**
   * Appends {@code record} and waits until it is durable.
   *
   * @return the record's LSN
   * @throws IOException if the log failed or is failing (the cause says why); an {@link
   *     java.io.InterruptedIOException} if the thread was interrupted while waiting (the record
   *     may still become durable)
   */
  long appendAndSync(byte[] record) throws IOException;

  /**
   * Calls {@code consumer} for every durable record with LSN at least {@code fromLsn}, in LSN
   * order, on the calling thread. Sees the records durable when the call starts; records
   * appended during the call may or may not be included. Records before {@link #firstLsn()}
   * were truncated and are not replayed.
   *
   * @throws WalCorruptionException if a record to replay is damaged (names the file and the
   *     offset); records before it have been handed to the consumer
   */
  void replay(long fromLsn, RecordConsumer consumer) throws IOException;

  /**
   * Deletes, oldest first, the whole files whose records all have LSN below {@code lsn}. The
   * file that receives appends is never deleted, so records at or after {@code lsn} always
   * stay. Safe to call while appends run; waits for running replays to finish and must not be
   * called from a {@link RecordConsumer}.
   */
  void truncateBefore(long lsn) throws IOException;

  /** The LSN the next append gets. */
  long nextLsn();

  /**
   * The lowest LSN still in the log: the first LSN of its oldest file ({@link #nextLsn()} if
   * the log holds no record).
   */
  long firstLsn();

  /** The bytes the log's files take on disk (headers and framing included). */
  long bytesOnDisk();

  /** Counters since the log was opened. */
  WalStats stats();

  /**
   * Makes every record appended before this call durable and completes its future, then
   * releases the log's files. Appends after close fail with {@link IllegalStateException}.
   * Idempotent.
   */
  @Override
  void close();
}
