package io.quiver.server.grpc;

import io.quiver.engine.collection.Collection;
import io.quiver.engine.collection.CollectionInfo;
import io.quiver.engine.index.VectorIndex;
import io.quiver.engine.segment.Segment;
import io.quiver.engine.segment.Shard;
import java.util.ArrayList;
import java.util.List;
import io.quiver.engine.segment.WriteBatch;
import io.quiver.server.runtime.DatabaseInfo;
import io.quiver.server.runtime.Durability;
import io.quiver.server.runtime.WriteLog;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** Test twin of a durability layer: acknowledges at once and keeps nothing. Unit tests only. */
final class InMemoryDurability implements Durability {

  private final AtomicLong lsn = new AtomicLong();
  private final Map<String, byte[]> accessControl = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public Map<String, byte[]> loadAccessControl() {
    return Map.copyOf(accessControl);
  }

  @Override
  public synchronized void saveAccessControl(Map<String, byte[]> puts, java.util.Collection<String> deletes) {
    deletes.forEach(accessControl::remove);
    accessControl.putAll(puts);
  }

  @Override
  public void saveDatabase(DatabaseInfo database) {}

  @Override
  public void dropDatabase(DatabaseInfo database) {}

  @Override
  public void saveCollection(CollectionInfo collection, boolean loaded) {}

  @Override
  public void dropCollection(CollectionInfo collection) {}

  @Override
  public void saveAliases(String database, Map<String, String> aliases) {}

  @Override
  public WriteLog log(long collectionId, int shard) {
    return new WriteLog() {
      @Override
      public CompletableFuture<Long> append(WriteBatch batch) {
        return CompletableFuture.completedFuture(lsn.incrementAndGet());
      }

      @Override
      public void applied(long appliedLsn) {}
    };
  }

  @Override
  public List<Segment> checkpoint(Collection collection) {
    List<Segment> sealed = new ArrayList<>();
    for (Shard s : collection.shards()) {
      sealed.addAll(s.sealGrowing());
    }
    return sealed;
  }

  @Override
  public Segment compact(Collection collection, Shard shard, List<Segment> inputs, long expireBefore) {
    return shard.compact(inputs, expireBefore);
  }

  @Override
  public List<Segment> compact(Collection collection, Shard shard, List<Segment> inputs, long expireBefore,
      io.quiver.engine.schema.FieldSchema key, int maxRows) {
    return shard.compact(inputs, expireBefore, key, maxRows, Integer.MAX_VALUE);
  }

  @Override
  public void persistImported(Collection collection, List<Segment> segments) {}

  @Override
  public void indexBuilt(Collection collection, Segment segment, long fieldId, VectorIndex index) {}

  @Override
  public void close() {}
}
