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

  static final String USAGE = """
      Usage: quiver operator [--help]

      Runs the Quiver Kubernetes operator until stopped. The Kubernetes client configures itself from
      the in-cluster service account, else from KUBECONFIG / ~/.kube/config. Settings come from the
      environment:
        %s  comma-separated namespaces to watch (default: all)
        %s  true (default) or false
        %s  the leader-election Lease (default: quiver-operator)
        %s  its namespace (default: POD_NAMESPACE, else the client's namespace)
        %s  concurrent reconciliations, 1..100 (default: 10)
        %s  seconds between data-plane state reads, 1..3600 (default: 30)
        %s  seconds one data-plane call may take, 1..300 (default: 10)
        %s  namespace/cluster=host:port,... data-plane addresses for an
            operator running outside the cluster (default: the cluster's Service)
      """.formatted(OperatorConfig.NAMESPACES, OperatorConfig.LEADER_ELECTION, OperatorConfig.LEASE_NAME,
      OperatorConfig.LEASE_NAMESPACE, OperatorConfig.RECONCILE_THREADS, OperatorConfig.DATA_PLANE_POLL_SECONDS,
      OperatorConfig.DATA_PLANE_TIMEOUT_SECONDS, OperatorConfig.DATA_PLANE_ENDPOINTS);

  /**
   * Handles the command-line arguments: null to run the operator, else the exit status after the
   * usage was printed ({@code --help}: 0 on {@code out}; anything else: 2 on {@code err}).
   */
  static Integer handleArguments(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
    if (args.length == 0) {
      return null;
    }
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
      out.print(USAGE);
      return 0;
    }
    err.println("quiver operator: unexpected argument " + String.join(" ", args)
        + " (settings come from the environment)");
    err.print(USAGE);
    return 2;
  }

  public static void main(String[] args) {
    Integer exit = handleArguments(args, System.out, System.err);
    if (exit != null) {
      System.exit(exit);
      return;
    }
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
