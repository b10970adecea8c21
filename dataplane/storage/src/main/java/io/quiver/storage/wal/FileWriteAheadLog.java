package io.quiver.storage.wal;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;

import io.quiver.engine.error.ErrorCode;
import io.quiver.engine.error.QuiverException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WriteAheadLog} in a directory of the local file system, in the format of {@link
 * WalFormat}.
 *
 * <p>Group commit: {@link #append} assigns the LSN and queues the record under a short lock; one
 * writer thread per log takes everything queued, writes it as one batch with a gathering write,
 * forces the file once ({@code FileChannel.force(false)}) and completes the futures in LSN order.
 * Records that arrive while it syncs form the next batch. A batch that would take the file past
 * {@link WalOptions#fileSizeBytes()} is split: the part that fits is committed, a new file is
 * created (header forced, directory synced) and the rest goes there.
 *
 * <p>Failure: when a write or sync fails, the records of the failed batch and every queued one
 * fail with a {@link WalFailedException}, the bytes after the last durable batch are cut off as
 * far as the file system still allows, and every later append fails at once. Closing and
 * reopening the log recovers it to its durable records ({@link WalRecovery}).
 *
 * <p>Thread safety: all methods may be called from any thread. {@link #replay} sees a snapshot
 * and may run alongside appends; {@link #truncateBefore} and {@link #close} wait for running
 * replays. Replay and truncation after close throw {@link IllegalStateException}. The log owns
 * its directory exclusively, enforced with a lock file ({@value #LOCK_FILE_NAME}) against other
 * processes and other instances in this JVM.
 */
public final class FileWriteAheadLog implements WriteAheadLog {

  static final String LOCK_FILE_NAME = "wal.lock";

  private static final Logger LOG = LoggerFactory.getLogger(FileWriteAheadLog.class);

  private final Path dir;
  private final WalOptions options;
  private final RecordTransformer transformer;
  private final ChannelOpener opener;
  private final FileChannel lockChannel;
  private final FileLock dirLock;
  private final Thread writer;

  /** Guards the fields below it; held only for bookkeeping, never across I/O. */
  private final ReentrantLock lock = new ReentrantLock();

  private final Condition hasWork = lock.newCondition();
  private final ArrayDeque<PendingRecord> queue = new ArrayDeque<>();
  /** Oldest first; the last one is active. Sizes are durable sizes. */
  private final List<LogFile> files;

  /** Written under {@link #lock}; volatile for lock-free reads. */
  private volatile long nextLsn;

  private WalFailedException failure;
  private boolean closed;

  /** Replays hold it shared, truncation exclusively, so no file disappears under a replay. */
  private final ReentrantReadWriteLock filesInUse = new ReentrantReadWriteLock();

  /** Guarded by the write lock of {@link #filesInUse}. */
  private boolean released;

  // Owned by the writer thread (and by close() after the writer ended).
  private final BatchWriter batchWriter = new BatchWriter();
  private FileChannel active;
  private long activeSize;

  // Written by the writer thread only.
  private volatile long statRecords;
  private volatile long statRecordBytes;
  private volatile long statBatches;
  private volatile long statSyncs;

  private FileWriteAheadLog(
      Path dir,
      WalOptions options,
      RecordTransformer transformer,
      ChannelOpener opener,
      FileChannel lockChannel,
      FileLock dirLock,
      WalRecovery.State state) {
    this.dir = dir;
    this.options = options;
    this.transformer = transformer;
    this.opener = opener;
    this.lockChannel = lockChannel;
    this.dirLock = dirLock;
    this.files = new ArrayList<>(state.files());
    this.active = state.active();
    this.activeSize = state.activeSize();
    this.nextLsn = state.nextLsn();
    this.writer = Thread.ofPlatform().name("quiver-wal-" + dir.getFileName()).daemon().unstarted(this::runWriter);
  }

  /** Opens (creating if needed) the log in {@code dir}, storing records as appended. */
  public static FileWriteAheadLog open(Path dir, WalOptions options) throws IOException {
    return open(dir, options, RecordTransformer.IDENTITY);
  }

  /**
   * Opens (creating if needed) the log in {@code dir}, recovering it after a crash: a torn tail
   * of the last file is cut off; damage to synced records fails with a {@link
   * WalCorruptionException}.
   *
   * @param transformer encodes appended records and decodes replayed ones; see {@link
   *     RecordTransformer} for logs written with another one
   * @throws IOException also if another process or another open log in this JVM uses {@code dir}
   */
  public static FileWriteAheadLog open(Path dir, WalOptions options, RecordTransformer transformer)
      throws IOException {
    return open(dir, options, transformer, ChannelOpener.DEFAULT);
  }

  static FileWriteAheadLog open(
      Path dir, WalOptions options, RecordTransformer transformer, ChannelOpener opener)
      throws IOException {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(transformer, "transformer");
    if (transformer != RecordTransformer.IDENTITY && transformer.id() == WalFormat.IDENTITY_ENCODING) {
      throw new IllegalArgumentException(
          "record transformer " + transformer + " uses id 0, which is reserved for storing records as appended");
    }
    Path absolute = dir.toAbsolutePath();
    if (!Files.isDirectory(absolute)) {
      Files.createDirectories(absolute);
      if (options.fsync() && absolute.getParent() != null) {
        WalFiles.syncDirectory(opener, absolute.getParent());
      }
    }
    FileChannel lockChannel = FileChannel.open(absolute.resolve(LOCK_FILE_NAME), CREATE, WRITE);
    FileLock dirLock = null;
    WalRecovery.State state = null;
    try {
      try {
        dirLock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        throw new IOException("write-ahead log " + absolute + " is already open in this JVM", e);
      }
      if (dirLock == null) {
        throw new IOException("write-ahead log " + absolute + " is open in another process");
      }
      state = WalRecovery.recover(absolute, options.fsync(), transformer.id(), opener);
      FileWriteAheadLog log =
          new FileWriteAheadLog(absolute, options, transformer, opener, lockChannel, dirLock, state);
      log.writer.start();
      LOG.info(
          "opened write-ahead log {}: {} file(s), first LSN {}, next LSN {}", absolute,
          state.files().size(), state.files().getFirst().firstLsn, state.nextLsn());
      return log;
    } catch (IOException | RuntimeException | Error e) {
      WalFiles.closeQuietly(state == null ? null : state.active(), e);
      WalFiles.closeQuietly(dirLock, e);
      WalFiles.closeQuietly(lockChannel, e);
      throw e;
    }
  }

  @Override
  public CompletableFuture<Long> append(byte[] record) {
    Objects.requireNonNull(record, "record");
    if (record.length > options.maxRecordBytes()) {
      return CompletableFuture.failedFuture(
          new QuiverException(
              ErrorCode.LIMIT_EXCEEDED,
              "write-ahead log record of " + record.length + " bytes exceeds the limit of "
                  + options.maxRecordBytes() + " bytes (maxRecordBytes)"));
    }
    ByteBuffer stored;
    int crc;
    try {
      stored = transformer.encode(record);
      if (stored.remaining() > WalFormat.MAX_STORED_RECORD_BYTES) {
        throw new IllegalStateException(
            "record transformer " + transformer + " produced " + stored.remaining() + " bytes, more than "
                + WalFormat.MAX_STORED_RECORD_BYTES);
      }
      crc = WalFormat.recordCrc(stored);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Long> future = new CompletableFuture<>();
    lock.lock();
    try {
      if (failure != null) {
        return CompletableFuture.failedFuture(
            new WalFailedException(
                "write-ahead log " + dir + " stopped accepting appends after an I/O error; reopen it", failure));
      }
      if (closed) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("write-ahead log " + dir + " is closed"));
      }
      long lsn = nextLsn;
      queue.add(new PendingRecord(lsn, stored, crc, future));
      nextLsn = lsn + 1;
      if (queue.size() == 1) {
        hasWork.signal();
      }
    } finally {
      lock.unlock();
    }
    return future;
  }

  @Override
  public long appendAndSync(byte[] record) throws IOException {
    CompletableFuture<Long> future = append(record);
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted =
          new InterruptedIOException("interrupted while waiting for a WAL sync; the record may still become durable");
      interrupted.initCause(e);
      throw interrupted;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      switch (cause) {
        case IOException io -> throw new WalFailedException(io.getMessage(), io);
        case RuntimeException runtime -> throw runtime;
        case Error error -> throw error;
        default -> throw new IOException(cause);
      }
    }
  }

  @Override
  public void replay(long fromLsn, RecordConsumer consumer) throws IOException {
    Objects.requireNonNull(consumer, "consumer");
    filesInUse.readLock().lock();
    try {
      List<WalReader.Source> snapshot = new ArrayList<>();
      lock.lock();
      try {
        ensureOpen();
        for (int i = 0; i < files.size(); i++) {
          LogFile file = files.get(i);
          snapshot.add(new WalReader.Source(file.path, file.firstLsn, file.size, i + 1 < files.size()));
        }
      } finally {
        lock.unlock();
      }
      WalReader.replay(snapshot, fromLsn, transformer, opener, consumer);
    } finally {
      filesInUse.readLock().unlock();
    }
  }

  @Override
  public void truncateBefore(long lsn) throws IOException {
    if (filesInUse.getReadHoldCount() > 0) {
      throw new IllegalStateException("truncateBefore must not be called during a replay on the same thread");
    }
    filesInUse.writeLock().lock();
    try {
      boolean deleted = false;
      while (true) {
        LogFile oldest;
        lock.lock();
        try {
          ensureOpen();
          if (files.size() < 2 || files.get(1).firstLsn > lsn) {
            break;
          }
          oldest = files.getFirst();
        } finally {
          lock.unlock();
        }
        // Oldest first, so a crash in between leaves the log without gaps.
        Files.deleteIfExists(oldest.path);
        deleted = true;
        lock.lock();
        try {
          files.removeFirst();
        } finally {
          lock.unlock();
        }
      }
      if (deleted && options.fsync()) {
        WalFiles.syncDirectory(opener, dir);
      }
    } finally {
      filesInUse.writeLock().unlock();
    }
  }

  /** Throws if the log is closed; called under {@link #lock}. */
  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("write-ahead log " + dir + " is closed");
    }
  }

  @Override
  public long nextLsn() {
    return nextLsn;
  }

  @Override
  public long firstLsn() {
    lock.lock();
    try {
      return files.getFirst().firstLsn;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long bytesOnDisk() {
    lock.lock();
    try {
      long total = 0;
      for (LogFile file : files) {
        total += file.size;
      }
      return total;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public WalStats stats() {
    return new WalStats(statRecords, statRecordBytes, statBatches, statSyncs);
  }

  /** The directory this log owns. */
  public Path directory() {
    return dir;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Also waits for running replays and truncations; must not be called from a {@link
   * RecordConsumer}.
   */
  @Override
  public void close() {
    if (filesInUse.getReadHoldCount() > 0) {
      throw new IllegalStateException("close must not be called during a replay on the same thread");
    }
    lock.lock();
    try {
      closed = true;
      hasWork.signalAll();
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    while (true) {
      try {
        writer.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    filesInUse.writeLock().lock();
    try {
      if (!released) {
        released = true;
        releaseFiles();
      }
    } finally {
      filesInUse.writeLock().unlock();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void releaseFiles() {
    try {
      if (failure == null) {
        active.force(true);
      }
    } catch (IOException e) {
      LOG.warn("write-ahead log {}: final sync on close failed", dir, e);
    }
    for (AutoCloseable closeable : new AutoCloseable[] {active, dirLock, lockChannel}) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("write-ahead log {}: closing failed", dir, e);
      }
    }
  }

  // ---- writer thread ----

  private void runWriter() {
    List<PendingRecord> group = new ArrayList<>();
    long delayNanos = options.maxGroupDelay().toNanos();
    try {
      while (true) {
        lock.lock();
        try {
          while (queue.isEmpty() && !closed) {
            hasWork.awaitUninterruptibly();
          }
          if (queue.isEmpty()) {
            return;
          }
          if (delayNanos > 0) {
            long deadline = System.nanoTime() + delayNanos;
            long left;
            while (!closed && (left = deadline - System.nanoTime()) > 0) {
              try {
                hasWork.awaitNanos(left);
              } catch (InterruptedException e) {
                // Nobody else interrupts this thread; the wait just ends early.
              }
            }
          }
          group.addAll(queue);
          queue.clear();
        } finally {
          lock.unlock();
        }
        commit(group);
        group.clear();
      }
    } catch (Throwable t) {
      // Futures already completed stay completed; the others, and all queued ones, fail.
      fail(t, group);
      if (t instanceof Error error) {
        throw error;
      }
    }
  }

  /** Writes, syncs and completes {@code group}, one batch per file it spans. */
  private void commit(List<PendingRecord> group) throws IOException {
    int from = 0;
    while (from < group.size()) {
      long limit = options.fileSizeBytes();
      PendingRecord first = group.get(from);
      if (activeSize > WalFormat.FILE_HEADER_BYTES
          && activeSize + WalFormat.BATCH_HEADER_BYTES + first.frameBytes() > limit) {
        roll(first.lsn());
      }
      long size = activeSize + WalFormat.BATCH_HEADER_BYTES + first.frameBytes();
      int to = from + 1;
      while (to < group.size() && size + group.get(to).frameBytes() <= limit) {
        size += group.get(to).frameBytes();
        to++;
      }
      batchWriter.writeBatch(active, group, from, to);
      if (options.fsync()) {
        active.force(false);
        statSyncs++;
      }
      activeSize = size;
      lock.lock();
      try {
        files.getLast().size = size;
      } finally {
        lock.unlock();
      }
      long bytes = 0;
      for (int i = from; i < to; i++) {
        bytes += group.get(i).storedLength();
      }
      statRecords += to - from;
      statRecordBytes += bytes;
      statBatches++;
      for (int i = from; i < to; i++) {
        PendingRecord record = group.get(i);
        record.future().complete(record.lsn());
      }
      from = to;
    }
  }

  /** Seals the active file and continues in a new one whose first record is {@code firstLsn}. */
  private void roll(long firstLsn) throws IOException {
    FileChannel next = WalFiles.create(opener, dir, firstLsn, transformer.id(), options.fsync());
    FileChannel sealed = active;
    active = next;
    activeSize = WalFormat.FILE_HEADER_BYTES;
    lock.lock();
    try {
      files.add(new LogFile(WalFiles.path(dir, firstLsn), firstLsn, WalFormat.FILE_HEADER_BYTES));
    } finally {
      lock.unlock();
    }
    sealed.close();
  }

  /**
   * Fails the log: {@code inFlight} (those not completed yet) and all queued records fail, later
   * appends are refused.
   */
  private void fail(Throwable cause, List<PendingRecord> inFlight) {
    WalFailedException error =
        new WalFailedException("write-ahead log " + dir + " could not make records durable: " + cause, cause);
    List<PendingRecord> queued;
    long durableEnd;
    lock.lock();
    try {
      failure = error;
      queued = new ArrayList<>(queue);
      queue.clear();
      durableEnd = files.getLast().size;
    } finally {
      lock.unlock();
    }
    LOG.error("write-ahead log {} failed; it refuses appends until reopened", dir, cause);
    // Cut what the failed batch may have left, so it is not replayed after a reopen. Best effort:
    // recovery cuts torn batches anyway, and a complete one counts as an unknown outcome.
    try {
      if (active.size() > durableEnd) {
        active.truncate(durableEnd);
      }
    } catch (IOException | RuntimeException e) {
      error.addSuppressed(e);
    }
    for (PendingRecord record : inFlight) {
      record.future().completeExceptionally(error);
    }
    for (PendingRecord record : queued) {
      record.future().completeExceptionally(error);
    }
  }
}
