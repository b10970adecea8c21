package io.quiver.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

  @Test
  void defaultsWatchAllNamespacesWithLeaderElection() {
    var config = OperatorConfig.fromEnv(Map.of("POD_NAME", "op-0", "POD_NAMESPACE", "quiver-system"));
    assertThat(config.namespaces()).isEmpty();
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaseName()).isEqualTo("quiver-operator");
    assertThat(config.leaseNamespace()).isEqualTo("quiver-system");
    assertThat(config.identity()).isEqualTo("op-0");
    assertThat(config.reconcileThreads()).isEqualTo(10);
    assertThat(config.dataPlanePollInterval()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void readsEveryVariable() {
    var config = OperatorConfig.fromEnv(Map.of("QUIVER_OPERATOR_NAMESPACES", "a, b", "QUIVER_OPERATOR_LEADER_ELECTION",
        "false", "QUIVER_OPERATOR_RECONCILE_THREADS", "3", "QUIVER_OPERATOR_DATA_PLANE_POLL_SECONDS", "5"));
    assertThat(config.namespaces()).containsExactlyInAnyOrder("a", "b");
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.reconcileThreads()).isEqualTo(3);
    assertThat(config.dataPlanePollInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void rejectsBadValuesNamingTheVariable() {
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("QUIVER_OPERATOR_LEADER_ELECTION", "yes")))
        .hasMessageContaining("QUIVER_OPERATOR_LEADER_ELECTION");
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("QUIVER_OPERATOR_RECONCILE_THREADS", "0")))
        .hasMessageContaining("QUIVER_OPERATOR_RECONCILE_THREADS");
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("QUIVER_OPERATOR_NAMESPACES", "Bad_Ns")))
        .hasMessageContaining("QUIVER_OPERATOR_NAMESPACES");
  }

  @Test
  void dataPlaneEndpointsAndTimeoutAreReadAndCheckedAtStart() {
    OperatorConfig config = OperatorConfig.fromEnv(Map.of(
        "QUIVER_OPERATOR_DATA_PLANE_ENDPOINTS", "quiver/prod=127.0.0.1:19530, team-a/dev=localhost:31000",
        "QUIVER_OPERATOR_DATA_PLANE_TIMEOUT_SECONDS", "3"));
    assertThat(config.dataPlaneEndpoints()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "quiver/prod", "127.0.0.1:19530", "team-a/dev", "localhost:31000"));
    assertThat(config.dataPlaneTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(OperatorConfig.fromEnv(Map.of()).dataPlaneEndpoints()).isEmpty();
    assertThat(OperatorConfig.fromEnv(Map.of()).dataPlaneTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("QUIVER_OPERATOR_DATA_PLANE_ENDPOINTS", "prod=1.2.3.4:1")))
        .hasMessageContaining("QUIVER_OPERATOR_DATA_PLANE_ENDPOINTS").hasMessageContaining("namespace/cluster=host:port");
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("QUIVER_OPERATOR_DATA_PLANE_ENDPOINTS", "quiver/prod=host")))
        .hasMessageContaining("'quiver/prod=host'");
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("QUIVER_OPERATOR_DATA_PLANE_TIMEOUT_SECONDS", "0")))
        .hasMessageContaining("QUIVER_OPERATOR_DATA_PLANE_TIMEOUT_SECONDS");
  }
}
