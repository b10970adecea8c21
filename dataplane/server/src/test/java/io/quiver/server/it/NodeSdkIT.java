package io.quiver.server.it;

import io.quiver.testkit.dataplane.QuiverStandaloneExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The official Node SDK (@zilliz/milvus2-sdk-node 3.0.6) creates, inserts, searches and queries. */
class NodeSdkIT {

  @RegisterExtension
  static final QuiverStandaloneExtension QUIVER = QuiverStandaloneExtension.create();

  @Test
  void nodeSdkCreatesInsertsSearchesAndQueries() throws Exception {
    NodeScript.runAndExpectOk("sdk-smoke.mjs", QUIVER.address());
  }
}
