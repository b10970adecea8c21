package io.quiver.storage.wal;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Receives replayed records. */
@FunctionalInterface
public interface RecordConsumer {

  /**
   * Called once per replayed record, in LSN order.
   *
   * @param record the record as it was appended, a read-only buffer from its position to its
   *     limit; valid only until this method returns (it may be a view of a mapped file that is
   *     unmapped afterwards): copy what you keep
   */
  void accept(long lsn, ByteBuffer record) throws IOException;
}
