package io.quiver.operator.it;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.quiver.operator.OperatorConfig;
import io.quiver.operator.QuiverOperator;
import io.quiver.operator.Samples;
import io.quiver.operator.dataplane.DataPlaneConnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A Kubernetes API for the operator's integration tests: the fabric8 CRUD mock server behind a
 * {@link FaultInjectingDispatcher}, with the generated CRDs and the {@value #NS} namespace, a harness
 * client whose requests are neither failed nor counted, the {@link ClusterStandIns}, and an operator
 * that can be started and stopped. Not thread-safe; one per test.
 */
final class MockCluster implements AutoCloseable {

  static final String NS = "quiver";

  final KubernetesMockServer server;
  final FaultInjectingDispatcher dispatcher;
  /** The operator's client: its requests are counted and may be failed. */
  final KubernetesClient client;
  /** The test's own client. */
  final KubernetesClient harness;
  final ClusterStandIns standIns;
  /** Reconciliations finished since the last reset. */
  final AtomicInteger reconciliations = new AtomicInteger();
  private Operator operator;

  MockCluster() {
    dispatcher = new FaultInjectingDispatcher(new KubernetesCrudDispatcher(List.of()));
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    client = server.createClient();
    Config harnessConfig = new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration())
        .withCustomHeaders(Map.of(FaultInjectingDispatcher.HARNESS_HEADER, "true")).build();
    harness = new KubernetesClientBuilder().withConfig(harnessConfig).build();
    try (Stream<Path> crds = Files.list(Samples.repoRoot().resolve("crds/generated"))) {
      for (Path crd : crds.sorted().toList()) {
        harness.apiextensions().v1().customResourceDefinitions().load(crd.toFile()).create();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    harness.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    standIns = new ClusterStandIns(harness);
  }

  /**
   * Starts an operator (leader election off) with {@code connector} and the extra environment
   * {@code env} ({@link OperatorConfig} variables).
   */
  Operator startOperator(DataPlaneConnector connector, Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put(OperatorConfig.LEADER_ELECTION, "false");
    operator = QuiverOperator.create(client, OperatorConfig.fromEnv(all), connector, Clock.systemUTC(), new Metrics() {
      @Override
      public void reconciliationFinished(HasMetadata resource, RetryInfo retry, Map<String, Object> metadata) {
        reconciliations.incrementAndGet();
      }
    });
    operator.start();
    return operator;
  }

  /**
   * The operator environment that makes VectorCluster {@code prod}'s data plane the one at
   * {@code address} (a standalone server of the test), polled every second, calls timing out in 5 s.
   */
  static Map<String, String> prodAt(String address) {
    return Map.of(OperatorConfig.DATA_PLANE_ENDPOINTS, NS + "/prod=" + address,
        OperatorConfig.DATA_PLANE_POLL_SECONDS, "1",
        OperatorConfig.DATA_PLANE_TIMEOUT_SECONDS, "5");
  }

  /** Stops the running operator, if any. */
  void stopOperator() {
    if (operator != null) {
      operator.stop();
      operator = null;
    }
  }

  /**
   * Creates the Secrets the samples refer to but do not contain, as their user would: the root
   * password of VectorCluster prod ({@code quiver-root}, key {@code password}).
   */
  void createSampleSecrets() {
    create(new SecretBuilder().withNewMetadata().withName("quiver-root").withNamespace(NS).endMetadata()
        .addToData("password", Base64.getEncoder().encodeToString("root-password".getBytes(StandardCharsets.UTF_8)))
        .build());
  }

  /** Creates {@code resource} through the harness client. */
  <T extends HasMetadata> T create(T resource) {
    return harness.resource(resource).create();
  }

  @Override
  public void close() {
    stopOperator();
    standIns.close();
    harness.close();
    client.close();
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      // the mock server's Vert.x shutdown gives up after 10 s on a loaded machine; the test itself is
      // over, and the next one starts its own server on a new port
      System.getLogger(MockCluster.class.getName()).log(System.Logger.Level.WARNING,
          "mock API server did not shut down in time: " + e.getMessage());
    }
  }
}
