package io.quiver.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.quiver.operator.dataplane.DataPlaneConnector;
import io.quiver.operator.dataplane.MilvusDataPlaneConnector;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code quiver operator}: runs the operator until the process is stopped. The Kubernetes client
 * configures itself from the in-cluster service account, else from KUBECONFIG / ~/.kube/config.
 * Configuration comes from the environment once ({@link OperatorConfig}); a bad value exits with status 2.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("quiver operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    DataPlaneConnector connector = new MilvusDataPlaneConnector(config.dataPlaneTimeout());
    Operator operator = QuiverOperator.create(client, config, connector, Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      operator.stop();
      connector.close();
      client.close();
    }, "quiver-operator-shutdown"));
    LOG.info("starting Quiver operator against {} (namespaces: {}, leader election: {})",
        client.getConfiguration().getMasterUrl(), config.namespaces().isEmpty() ? "all" : config.namespaces(),
        config.leaderElection());
    operator.start();
  }
}
