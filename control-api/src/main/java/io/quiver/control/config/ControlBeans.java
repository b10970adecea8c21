package io.quiver.control.config;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import io.quiver.control.apikey.ApiKeyService;
import io.quiver.control.apikey.ApiKeyStore;
import io.quiver.control.apikey.FileApiKeyStore;
import io.quiver.control.audit.AuditLog;
import io.quiver.control.auth.JwtVerifier;
import io.quiver.control.k8s.SecretApiKeyStore;
import io.quiver.control.keycloak.KeycloakRealm;
import io.quiver.control.resource.TenantResources;
import io.quiver.control.usage.UsageService;
import io.quiver.control.tenant.KubernetesTenants;
import io.quiver.control.tenant.RealmTenants;
import io.quiver.control.tenant.TenantDirectory;
import io.quiver.control.tenant.TenantGuard;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

/**
 * Wires the control API from its {@link ControlConfig}: with a cluster, tenants are Tenant
 * resources and API keys live in a Secret of the control namespace; without one, tenants are the
 * Keycloak tenant groups (read-only) and keys live in {@code <data-dir>/api-keys.json}.
 */
@Factory
public class ControlBeans {

  /** Eager: a bad configuration stops the start, naming the keys. */
  @Context
  ControlConfig config(Environment env) {
    return ControlConfig.from(key -> env.getProperty(key, String.class).orElse(null));
  }

  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Singleton
  JwtVerifier jwtVerifier(ControlConfig config) {
    return new JwtVerifier(config.oidc(), config.keycloak().tenantsGroup());
  }

  @Singleton
  @Bean(preDestroy = "close")
  KeycloakRealm keycloakRealm(ControlConfig config) {
    return new KeycloakRealm(config.keycloak());
  }

  /** The cluster's client, or empty without one. */
  @Singleton
  @Bean(preDestroy = "close")
  ClusterClient clusterClient(ControlConfig config) {
    return new ClusterClient(config.kubernetes().map(k -> {
      Config base = Config.autoConfigure(null);
      ConfigBuilder b = new ConfigBuilder(base).withNamespace(k.namespace());
      if (k.masterUrl() != null) {
        b.withMasterUrl(k.masterUrl());
      }
      return new KubernetesClientBuilder().withConfig(b.build()).build();
    }));
  }

  @Singleton
  TenantDirectory tenants(ControlConfig config, ClusterClient cluster, KeycloakRealm realm) {
    return cluster.client().<TenantDirectory>map(c -> new KubernetesTenants(c, realm, config.kubernetes().orElseThrow()))
        .orElseGet(() -> new RealmTenants(realm));
  }

  @Singleton
  TenantResources tenantResources(ClusterClient cluster) {
    return new TenantResources(cluster.client());
  }

  @Singleton
  UsageService usageService(ControlConfig config) {
    return new UsageService(config.dataPlane());
  }

  @Singleton
  TenantGuard tenantGuard(TenantDirectory tenants) {
    return new TenantGuard(tenants);
  }

  @Singleton
  ApiKeyStore apiKeyStore(ControlConfig config, ClusterClient cluster) {
    return cluster.client().<ApiKeyStore>map(c -> new SecretApiKeyStore(c, config.kubernetes().orElseThrow().namespace()))
        .orElseGet(() -> new FileApiKeyStore(config.dataDir()));
  }

  @Singleton
  ApiKeyService apiKeyService(ApiKeyStore store, Clock clock) {
    return new ApiKeyService(store, clock);
  }

  @Singleton
  @Bean(preDestroy = "close")
  AuditLog auditLog(ControlConfig config) {
    return new AuditLog(config.dataDir());
  }

  /**
   * The Kubernetes client when a cluster is configured.
   *
   * @param client the client, or empty
   */
  public record ClusterClient(Optional<KubernetesClient> client) implements AutoCloseable {
    @Override
    public void close() {
      client.ifPresent(KubernetesClient::close);
    }
  }
}
