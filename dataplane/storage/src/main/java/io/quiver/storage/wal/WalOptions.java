package io.quiver.storage.wal;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link FileWriteAheadLog}, checked when constructed: a bad value throws {@link
 * IllegalArgumentException} naming the setting, the allowed range and the value given; nothing
 * falls back to a default silently.
 *
 * @param fileSizeBytes roll size: a file takes no more records once the next one would take it
 *     past this size, except that an empty file always takes one record (a record larger than
 *     this gets a file of its own). Default {@value #DEFAULT_FILE_SIZE_BYTES} (64 MiB); from
 *     {@value #MIN_FILE_SIZE_BYTES} to {@value #MAX_FILE_SIZE_BYTES} (1 GiB)
 * @param maxRecordBytes the largest record {@link WriteAheadLog#append} accepts, in bytes as
 *     appended. Default {@value #DEFAULT_MAX_RECORD_BYTES} (256 MiB); from 1 to {@value
 *     #MAX_MAX_RECORD_BYTES} (1 GiB)
 * @param maxGroupDelay how long the writer waits, after the first record of a group arrives,
 *     for more records to share its sync. Default 0: it writes and syncs as soon as it is free
 *     (records arriving while it syncs still form the next group). From 0 to 1 s
 * @param fsync whether a group is forced to the device ({@code FileChannel.force}) before its
 *     appends complete, and new or deleted files are made durable in the directory. Default
 *     true; turn off only where durability does not matter (tests, benchmarks of the rest)
 */
public record WalOptions(
    long fileSizeBytes, int maxRecordBytes, Duration maxGroupDelay, boolean fsync) {

  public static final long DEFAULT_FILE_SIZE_BYTES = 64L << 20;
  public static final long MIN_FILE_SIZE_BYTES = 4096;
  public static final long MAX_FILE_SIZE_BYTES = 1L << 30;
  public static final int DEFAULT_MAX_RECORD_BYTES = 256 << 20;
  public static final int MAX_MAX_RECORD_BYTES = 1 << 30;
  private static final Duration MAX_GROUP_DELAY = Duration.ofSeconds(1);

  public WalOptions {
    if (fileSizeBytes < MIN_FILE_SIZE_BYTES || fileSizeBytes > MAX_FILE_SIZE_BYTES) {
      throw new IllegalArgumentException(
          "WAL setting fileSizeBytes must be between " + MIN_FILE_SIZE_BYTES + " and "
              + MAX_FILE_SIZE_BYTES + " bytes, got " + fileSizeBytes);
    }
    if (maxRecordBytes < 1 || maxRecordBytes > MAX_MAX_RECORD_BYTES) {
      throw new IllegalArgumentException(
          "WAL setting maxRecordBytes must be between 1 and " + MAX_MAX_RECORD_BYTES
              + " bytes, got " + maxRecordBytes);
    }
    Objects.requireNonNull(maxGroupDelay, "WAL setting maxGroupDelay must be set");
    if (maxGroupDelay.isNegative() || maxGroupDelay.compareTo(MAX_GROUP_DELAY) > 0) {
      throw new IllegalArgumentException(
          "WAL setting maxGroupDelay must be between 0 and " + MAX_GROUP_DELAY + ", got "
              + maxGroupDelay);
    }
  }

  /** 64 MiB files, 256 MiB records, no group delay, fsync on. */
  public static WalOptions defaults() {
    return new WalOptions(DEFAULT_FILE_SIZE_BYTES, DEFAULT_MAX_RECORD_BYTES, Duration.ZERO, true);
  }

  public WalOptions withFileSizeBytes(long value) {
    return new WalOptions(value, maxRecordBytes, maxGroupDelay, fsync);
  }

  public WalOptions withMaxRecordBytes(int value) {
    return new WalOptions(fileSizeBytes, value, maxGroupDelay, fsync);
  }

  public WalOptions withMaxGroupDelay(Duration value) {
    return new WalOptions(fileSizeBytes, maxRecordBytes, value, fsync);
  }

  public WalOptions withFsync(boolean value) {
    return new WalOptions(fileSizeBytes, maxRecordBytes, maxGroupDelay, value);
  }
}
