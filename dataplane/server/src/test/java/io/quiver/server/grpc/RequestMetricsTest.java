package io.quiver.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvus.grpc.GetVersionRequest;
import io.milvus.grpc.SearchRequest;
import org.junit.jupiter.api.Test;

class RequestMetricsTest {

  @Test
  void theDatabaseComesFromTheBodyThenTheHeaderThenDefault() {
    assertThat(RequestMetrics.databaseOf(SearchRequest.newBuilder().setDbName("a").build(), "b")).isEqualTo("a");
    assertThat(RequestMetrics.databaseOf(SearchRequest.newBuilder().build(), "b")).isEqualTo("b");
    assertThat(RequestMetrics.databaseOf(SearchRequest.newBuilder().build(), null)).isEqualTo("default");
    assertThat(RequestMetrics.databaseOf(GetVersionRequest.newBuilder().build(), "")).isEqualTo("default");
  }

  @Test
  void countsByDatabaseAndRpcAndCapsTheNumberOfDatabases() {
    RequestMetrics m = new RequestMetrics();
    m.record("a", "Search");
    m.record("a", "Search");
    m.record("a", "Query");
    assertThat(m.counts("a")).containsExactly(java.util.Map.entry("Query", 1L), java.util.Map.entry("Search", 2L));
    assertThat(m.counts("missing")).isEmpty();
    for (int i = 0; i < RequestMetrics.MAX_DATABASES + 5; i++) {
      m.record("db" + i, "Search");
    }
    assertThat(m.counts("(other)").get("Search")).isPositive();
  }
}
