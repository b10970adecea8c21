package io.quiver.control.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlConfigTest {

  static Map<String, String> minimal() {
    Map<String, String> m = new HashMap<>();
    m.put("control.oidc.issuer", "https://sso.example.com/realms/quiver/");
    m.put("control.oidc.audience", "quiver-api");
    m.put("control.keycloak.admin-client-secret", "s3cret");
    m.put("control.api-keys.registry-token", "x".repeat(32));
    return m;
  }

  @Test
  void derivesTheJwksUriKeycloakUrlAndRealmFromTheIssuer() {
    ControlConfig c = ControlConfig.from(minimal()::get);

    assertThat(c.oidc().issuer()).isEqualTo("https://sso.example.com/realms/quiver");
    assertThat(c.oidc().jwksUri()).hasToString("https://sso.example.com/realms/quiver/protocol/openid-connect/certs");
    assertThat(c.keycloak().url()).isEqualTo("https://sso.example.com");
    assertThat(c.keycloak().realm()).isEqualTo("quiver");
    assertThat(c.oidc().algorithms()).contains("RS256", "ES256").doesNotContain("HS256");
    assertThat(c.oidc().clockSkew()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.kubernetes()).isEmpty();
    assertThat(c.toString()).doesNotContain("s3cret").doesNotContain("x".repeat(32));
  }

  @Test
  void theDataPlaneForUsageIsOptionalAndItsTokenIsUserColonPassword() {
    assertThat(ControlConfig.from(minimal()::get).dataPlane()).isEmpty();
    var m = minimal();
    m.put("control.dataplane.uri", "http://quiver:19530/");
    m.put("control.dataplane.token", "root:Sup3r");
    ControlConfig c = ControlConfig.from(m::get);
    assertThat(c.dataPlane()).hasValueSatisfying(d -> {
      assertThat(d.uri()).isEqualTo("http://quiver:19530");
      assertThat(d.token()).isEqualTo("root:Sup3r");
    });
    assertThat(c.toString()).doesNotContain("Sup3r");
    m.put("control.dataplane.token", "nocolon");
    assertThatThrownBy(() -> ControlConfig.from(m::get)).hasMessageContaining("control.dataplane.token must be");
    m.remove("control.dataplane.uri");
    assertThatThrownBy(() -> ControlConfig.from(m::get))
        .hasMessageContaining("control.dataplane.token is set but control.dataplane.uri is not");
    m.put("control.dataplane.uri", "grpc://quiver");
    m.put("control.dataplane.token", "root:x");
    assertThatThrownBy(() -> ControlConfig.from(m::get)).hasMessageContaining("control.dataplane.uri");
  }

  @Test
  void namesEveryMissingRequiredKey() {
    assertThatThrownBy(() -> ControlConfig.from(k -> null)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("control.oidc.issuer is required")
        .hasMessageContaining("control.oidc.audience is required")
        .hasMessageContaining("control.api-keys.registry-token is required")
        .hasMessageContaining("control.keycloak.admin-client-secret");
  }

  @Test
  void refusesSymmetricAlgorithmsAndNone() {
    Map<String, String> m = minimal();
    m.put("control.oidc.algorithms", "RS256,HS256,none");

    assertThatThrownBy(() -> ControlConfig.from(m::get))
        .hasMessageContaining("control.oidc.algorithms: HS256 is not allowed")
        .hasMessageContaining("control.oidc.algorithms: none is not allowed");
  }

  @Test
  void refusesAShortRegistryTokenBadDurationsAndBadClusterRefs() {
    Map<String, String> m = minimal();
    m.put("control.api-keys.registry-token", "short");
    m.put("control.oidc.clock-skew", "ten seconds");
    m.put("control.kubernetes.enabled", "true");
    m.put("control.kubernetes.cluster-ref", "no-slash");

    assertThatThrownBy(() -> ControlConfig.from(m::get))
        .hasMessageContaining("control.api-keys.registry-token must be at least 32 characters")
        .hasMessageContaining("control.oidc.clock-skew must be a duration")
        .hasMessageContaining("control.kubernetes.cluster-ref must be <namespace>/<name>");
  }
}
