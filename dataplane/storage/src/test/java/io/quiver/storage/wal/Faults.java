package io.quiver.storage.wal;

import static java.nio.file.StandardOpenOption.CREATE_NEW;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Faults to inject into the channels of log files ({@code *.wal}): a write budget (a full disk),
 * a failing force, a failing file creation, and a gate that holds forces until released.
 */
final class Faults {

  private long writeBudget = Long.MAX_VALUE;
  private volatile Exception forceError;
  private volatile IOException createError;
  private volatile CountDownLatch forceGate;
  private final CountDownLatch forceEntered = new CountDownLatch(1);

  ChannelOpener opener() {
    return (path, options) -> {
      boolean logFile = path.getFileName().toString().endsWith(".wal");
      if (logFile && createError != null && List.of(options).contains(CREATE_NEW)) {
        throw createError;
      }
      FileChannel channel = FileChannel.open(path, options);
      return logFile ? new FaultInjectingChannel(channel, this) : channel;
    };
  }

  /** From now on, log files take only {@code bytes} more bytes, then writes fail. */
  synchronized void limitWritesTo(long bytes) {
    writeBudget = bytes;
  }

  /** Forces throw {@code error}: an {@link IOException}, or an unchecked exception. */
  void failForces(Exception error) {
    forceError = error;
  }

  void failFileCreation(IOException error) {
    createError = error;
  }

  /** Makes forces wait until {@link #releaseForces()}. */
  void holdForces() {
    forceGate = new CountDownLatch(1);
  }

  void releaseForces() {
    forceGate.countDown();
  }

  /** Waits until a force is held at the gate. */
  void awaitHeldForce() throws InterruptedException {
    if (!forceEntered.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("no force reached the gate");
    }
  }

  /**
   * Appends {@code first}, holds its sync at the gate, appends {@code during} (which therefore
   * queue up as the next group), runs {@code beforeRelease} and releases the sync.
   *
   * @return the futures of {@code first} and then of {@code during}, in order
   */
  List<CompletableFuture<Long>> appendWhileASyncIsHeld(
      WriteAheadLog log, byte[] first, List<byte[]> during, Runnable beforeRelease)
      throws InterruptedException {
    holdForces();
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    futures.add(log.append(first));
    awaitHeldForce();
    for (byte[] record : during) {
      futures.add(log.append(record));
    }
    beforeRelease.run();
    releaseForces();
    return futures;
  }

  synchronized int takeWriteBudget(int wanted) {
    int granted = (int) Math.min(wanted, writeBudget);
    writeBudget -= granted;
    return granted;
  }

  void beforeForce() throws IOException {
    CountDownLatch gate = forceGate;
    if (gate != null) {
      forceEntered.countDown();
      try {
        if (!gate.await(30, TimeUnit.SECONDS)) {
          throw new IOException("force gate never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    switch (forceError) {
      case null -> {}
      case IOException io -> throw io;
      case RuntimeException runtime -> throw runtime;
      default -> throw new AssertionError(forceError);
    }
  }
}
