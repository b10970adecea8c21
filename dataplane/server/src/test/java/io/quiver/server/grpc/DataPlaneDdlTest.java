package io.quiver.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiver.engine.collection.Collection;
import io.quiver.engine.collection.ConsistencyLevel;
import io.quiver.engine.query.RowFilter;
import io.quiver.engine.schema.DataType;
import io.quiver.engine.schema.FieldSchema;
import io.quiver.engine.segment.TimestampOracle;
import io.quiver.server.runtime.DataPlane;
import io.quiver.server.runtime.DataPlaneConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DDL rules of {@link DataPlane} that the SDK integration tests rely on, checked without a server. */
class DataPlaneDdlTest {

  DataPlane plane;

  @BeforeEach
  void start() {
    plane = new DataPlane(DataPlaneConfig.defaults(), new InMemoryDurability(), (e, s, t) -> RowFilter.ALL,
        new TimestampOracle(0));
    plane.ensureDefaultDatabase();
  }

  @AfterEach
  void stop() {
    plane.close();
  }

  Collection createIndexedCollection(String name) {
    List<FieldSchema> fields = List.of(
        new FieldSchema(0, "id", "", DataType.INT64, null, true, false, false, null, false, false, false, 0, 0, 0, Map.of()),
        new FieldSchema(0, "vec", "", DataType.FLOAT_VECTOR, null, false, false, false, null, false, false, false, 0, 0, 0,
            Map.of("dim", "2")));
    plane.createCollection(new DataPlane.CreateCollection("", name, "", fields, false, 1, ConsistencyLevel.STRONG, Map.of(), 0));
    plane.createIndex(new DataPlane.CreateIndex("", name, "vec", "", Map.of("index_type", "FLAT", "metric_type", "L2")));
    return plane.collection("", name);
  }

  @Test
  void partitionCreatedInALoadedCollectionIsLoaded() {
    Collection c = createIndexedCollection("loaded");
    plane.loadCollection("", "loaded", 1, List.of());
    plane.createPartition("", "loaded", "late");
    assertThat(c.isPartitionLoaded(c.info().partition("late").id())).isTrue();
  }

  @Test
  void partitionCreatedInAReleasedCollectionIsNotLoaded() {
    Collection c = createIndexedCollection("released");
    plane.createPartition("", "released", "early");
    assertThat(c.isPartitionLoaded(c.info().partition("early").id())).isFalse();
    plane.loadCollection("", "released", 1, List.of());
    assertThat(c.isPartitionLoaded(c.info().partition("early").id())).isTrue();
  }
}
