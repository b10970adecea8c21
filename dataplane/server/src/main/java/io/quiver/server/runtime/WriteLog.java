package io.quiver.server.runtime;

import io.quiver.engine.segment.WriteBatch;
import java.util.concurrent.CompletableFuture;

/**
 * The durable log of one shard. {@link #append} returns a future that completes with the
 * record's log sequence number once the batch is durable; futures complete in append order, on
 * one thread, so work chained synchronously onto them (applying the batch) runs in log order.
 */
public interface WriteLog {

  CompletableFuture<Long> append(WriteBatch batch);

  /**
   * Reports that the batch logged at {@code lsn} has been applied to memory. Called in log order,
   * under the shard's lock; a checkpoint covers exactly the applied records.
   */
  void applied(long lsn);
}
