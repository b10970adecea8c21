package io.quiver.storage.catalog.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtcdConfigTest {

  private static final List<String> ENDPOINTS = List.of("http://127.0.0.1:2379");

  @Test
  void defaultsMatchEtcdsDefaultsAndATwoSecondDeadline() {
    EtcdConfig config = EtcdConfig.of(ENDPOINTS, "/quiver/c1/");
    assertThat(config.callTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.maxRequestBytes()).isEqualTo(1572864);
    assertThat(config.maxTxnOps()).isEqualTo(128);
    assertThat(config.scanPageSize()).isEqualTo(500);
  }

  @Test
  void refusesBadSettingsNamingThem() {
    assertThatThrownBy(() -> EtcdConfig.of(List.of(), "/q/")).hasMessageContaining("at least one");
    assertThatThrownBy(() -> EtcdConfig.of(List.of("127.0.0.1:2379"), "/q/")).hasMessageContaining("http://host:port");
    assertThatThrownBy(() -> EtcdConfig.of(List.of("https://etcd:2379"), "/q/")).hasMessageContaining("TLS is not supported");
    assertThatThrownBy(() -> EtcdConfig.of(ENDPOINTS, "quiver/")).hasMessageContaining("root prefix must start and end with '/'");
    assertThatThrownBy(() -> EtcdConfig.of(ENDPOINTS, "/quiver")).hasMessageContaining("root prefix");
    assertThatThrownBy(() -> EtcdConfig.of(ENDPOINTS, "/")).hasMessageContaining("root prefix");
    assertThatThrownBy(() -> EtcdConfig.of(ENDPOINTS, "/\uD800/")).hasMessageContaining("not valid Unicode");
    assertThatThrownBy(() -> EtcdConfig.of(ENDPOINTS, "/q/").withCallTimeout(Duration.ZERO)).hasMessageContaining("call timeout");
    assertThatThrownBy(() -> EtcdConfig.of(ENDPOINTS, "/q/").withMaxRequestBytes(100)).hasMessageContaining("max request bytes");
    assertThatThrownBy(() -> EtcdConfig.of(ENDPOINTS, "/q/").withMaxTxnOps(0)).hasMessageContaining("max txn ops");
    assertThatThrownBy(() -> EtcdConfig.of(ENDPOINTS, "/q/").withScanPageSize(0)).hasMessageContaining("scan page size");
  }
}
