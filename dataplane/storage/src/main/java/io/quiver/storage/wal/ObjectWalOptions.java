package io.quiver.storage.wal;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link ObjectWriteAheadLog}, checked when constructed: a bad value throws {@link
 * IllegalArgumentException} naming the setting, the allowed range and the value given; nothing
 * falls back to a default silently.
 *
 * @param maxBatchBytes how large a batch object may grow: a group commit takes queued records
 *     while their frames fit in this many bytes, except that a batch always takes at least one
 *     record (a record larger than this gets a batch of its own). Default {@value
 *     #DEFAULT_MAX_BATCH_BYTES} (8 MiB); from {@value #MIN_MAX_BATCH_BYTES} to {@value
 *     #MAX_MAX_BATCH_BYTES} (1 GiB). Batches up to the S3 part size (16 MiB by default) are
 *     one PUT
 * @param maxBatchRecords the most records one batch object takes. Default {@value
 *     #DEFAULT_MAX_BATCH_RECORDS}; from 1 to {@value #MAX_MAX_BATCH_RECORDS}
 * @param maxGroupDelay how long the writer waits, after the first record of a group arrives, for
 *     more records to share its PUT (it stops waiting once a batch is full). Default 0: it writes
 *     as soon as it is free (records arriving during a PUT still form the next batch). From 0 to
 *     1 s
 * @param writeDeadline the longest the PUT of one batch, with the object store's retries, and
 *     the fence check after it may each take before the batch fails with a retryable error (see
 *     {@link io.quiver.storage.object.ObjectStore#withDeadline}). Default 2 s; from 100 ms to 1
 *     hour. Must exceed the time the PUT of a full batch takes
 * @param maxRecordBytes the largest record {@link WriteAheadLog#append} accepts, in bytes as
 *     appended. Default {@value #DEFAULT_MAX_RECORD_BYTES} (64 MiB); from 1 to {@value
 *     #MAX_MAX_RECORD_BYTES} (1 GiB)
 */
public record ObjectWalOptions(
    int maxBatchBytes, int maxBatchRecords, Duration maxGroupDelay, Duration writeDeadline, int maxRecordBytes) {

  public static final int DEFAULT_MAX_BATCH_BYTES = 8 << 20;
  public static final int MIN_MAX_BATCH_BYTES = 1024;
  public static final int MAX_MAX_BATCH_BYTES = 1 << 30;
  public static final int DEFAULT_MAX_BATCH_RECORDS = 100_000;
  public static final int MAX_MAX_BATCH_RECORDS = 10_000_000;
  public static final Duration DEFAULT_WRITE_DEADLINE = Duration.ofSeconds(2);
  public static final int DEFAULT_MAX_RECORD_BYTES = 64 << 20;
  public static final int MAX_MAX_RECORD_BYTES = 1 << 30;
  private static final Duration MAX_GROUP_DELAY = Duration.ofSeconds(1);
  private static final Duration MIN_WRITE_DEADLINE = Duration.ofMillis(100);
  private static final Duration MAX_WRITE_DEADLINE = Duration.ofHours(1);

  public ObjectWalOptions {
    if (maxBatchBytes < MIN_MAX_BATCH_BYTES || maxBatchBytes > MAX_MAX_BATCH_BYTES) {
      throw new IllegalArgumentException(
          "object WAL setting maxBatchBytes must be between " + MIN_MAX_BATCH_BYTES + " and " + MAX_MAX_BATCH_BYTES
              + " bytes, got " + maxBatchBytes);
    }
    if (maxBatchRecords < 1 || maxBatchRecords > MAX_MAX_BATCH_RECORDS) {
      throw new IllegalArgumentException(
          "object WAL setting maxBatchRecords must be between 1 and " + MAX_MAX_BATCH_RECORDS + ", got "
              + maxBatchRecords);
    }
    Objects.requireNonNull(maxGroupDelay, "object WAL setting maxGroupDelay must be set");
    if (maxGroupDelay.isNegative() || maxGroupDelay.compareTo(MAX_GROUP_DELAY) > 0) {
      throw new IllegalArgumentException(
          "object WAL setting maxGroupDelay must be between 0 and " + MAX_GROUP_DELAY + ", got " + maxGroupDelay);
    }
    Objects.requireNonNull(writeDeadline, "object WAL setting writeDeadline must be set");
    if (writeDeadline.compareTo(MIN_WRITE_DEADLINE) < 0 || writeDeadline.compareTo(MAX_WRITE_DEADLINE) > 0) {
      throw new IllegalArgumentException(
          "object WAL setting writeDeadline must be between " + MIN_WRITE_DEADLINE + " and " + MAX_WRITE_DEADLINE
              + ", got " + writeDeadline);
    }
    if (maxRecordBytes < 1 || maxRecordBytes > MAX_MAX_RECORD_BYTES) {
      throw new IllegalArgumentException(
          "object WAL setting maxRecordBytes must be between 1 and " + MAX_MAX_RECORD_BYTES + " bytes, got "
              + maxRecordBytes);
    }
  }

  /** 8 MiB or 100,000-record batches, no group delay, a 2 s write deadline, 64 MiB records. */
  public static ObjectWalOptions defaults() {
    return new ObjectWalOptions(
        DEFAULT_MAX_BATCH_BYTES, DEFAULT_MAX_BATCH_RECORDS, Duration.ZERO, DEFAULT_WRITE_DEADLINE,
        DEFAULT_MAX_RECORD_BYTES);
  }

  public ObjectWalOptions withMaxBatchBytes(int value) {
    return new ObjectWalOptions(value, maxBatchRecords, maxGroupDelay, writeDeadline, maxRecordBytes);
  }

  public ObjectWalOptions withMaxBatchRecords(int value) {
    return new ObjectWalOptions(maxBatchBytes, value, maxGroupDelay, writeDeadline, maxRecordBytes);
  }

  public ObjectWalOptions withMaxGroupDelay(Duration value) {
    return new ObjectWalOptions(maxBatchBytes, maxBatchRecords, value, writeDeadline, maxRecordBytes);
  }

  public ObjectWalOptions withWriteDeadline(Duration value) {
    return new ObjectWalOptions(maxBatchBytes, maxBatchRecords, maxGroupDelay, value, maxRecordBytes);
  }

  public ObjectWalOptions withMaxRecordBytes(int value) {
    return new ObjectWalOptions(maxBatchBytes, maxBatchRecords, maxGroupDelay, writeDeadline, value);
  }
}
