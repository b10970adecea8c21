package io.quiver.server.auth;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane's security: Milvus users and grants ({@link RbacStore}), the API-key registry and
 * its poller, authentication, authorization and the audit sink, built from a
 * {@link SecurityConfig}. One per server.
 */
public final class Security implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Security.class);

  private final SecurityConfig config;
  private final RbacStore rbac;
  private final ApiKeyRegistry keys;
  private final ApiKeySource source;
  private final Authenticator authenticator;
  private final Authorizer authorizer;
  private final AuditSink audit;
  private final AuditShipper shipper;

  private Security(SecurityConfig config, RbacStore rbac, ApiKeyRegistry keys, ApiKeySource source, Authorizer.Names names,
      AuditSink audit, AuditShipper shipper) {
    this.config = config;
    this.rbac = rbac;
    this.keys = keys;
    this.source = source;
    this.authenticator = new Authenticator(rbac, keys);
    this.authorizer = new Authorizer(rbac, names);
    this.shipper = shipper;
    this.audit = shipper == null ? audit : event -> {
      try {
        audit.record(event);
      } finally {
        shipper.record(event);
      }
    };
  }

  /**
   * Loads the users and grants, creates root on first start, starts polling the key endpoint if one
   * is configured, and ships audit events to the control plane's audit endpoint (besides
   * {@code audit}) if one is configured.
   */
  public static Security start(SecurityConfig config, RbacStore.Persistence persistence, Authorizer.Names names,
      AuditSink audit) throws IOException {
    return start(config, persistence, names, audit, new PasswordHasher());
  }

  public static Security start(SecurityConfig config, RbacStore.Persistence persistence, Authorizer.Names names,
      AuditSink audit, PasswordHasher hasher) throws IOException {
    RbacStore rbac = RbacStore.open(persistence, hasher, config.rootPassword());
    ApiKeyRegistry keys = null;
    ApiKeySource source = null;
    if (config.apiKeysUrl() != null) {
      keys = new ApiKeyRegistry(config.maxStaleness(), Clock.systemUTC());
      source = new ApiKeySource(config.apiKeysUrl(), config.apiKeysToken(), config.refresh(), keys);
      if ("http".equalsIgnoreCase(config.apiKeysUrl().getScheme()) && !loopback(config.apiKeysUrl().getHost())) {
        LOG.warn("security.api-keys.url {} is plain HTTP to another host: the service token and key hashes travel "
            + "unencrypted; use https", config.apiKeysUrl());
      }
      if (!config.authorizationEnabled()) {
        LOG.warn("security.api-keys.url is set but security.authorization-enabled is false: API keys are not enforced "
            + "and every call is allowed");
      }
      source.start();
    }
    if (config.authorizationEnabled()) {
      LOG.info("authorization enabled: Milvus users{}", keys != null ? " and API keys from " + config.apiKeysUrl() : "");
    }
    AuditShipper shipper = null;
    if (config.auditUrl() != null) {
      if ("http".equalsIgnoreCase(config.auditUrl().getScheme()) && !loopback(config.auditUrl().getHost())) {
        LOG.warn("security.audit.url {} is plain HTTP to another host: the service token travels unencrypted; use https",
            config.auditUrl());
      }
      shipper = new AuditShipper(config.auditUrl(), config.apiKeysToken(), config.auditQueueSize());
      LOG.info("audit events go to {} (queue of {})", config.auditUrl(), config.auditQueueSize());
    }
    return new Security(config, rbac, keys, source, names, audit, shipper);
  }

  /** Authorization off, users kept in memory only (servers built without a catalog, unit tests). */
  public static Security disabled() {
    try {
      return start(SecurityConfig.defaults(), RbacStore.inMemory(), (db, name) -> name, new LogAuditSink(),
          new PasswordHasher(10_000));
    } catch (IOException e) {
      throw new IllegalStateException("in-memory persistence failed", e);
    }
  }

  private static boolean loopback(String host) {
    try {
      return host != null && InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  public boolean enabled() {
    return config.authorizationEnabled();
  }

  public SecurityConfig config() {
    return config;
  }

  public RbacStore rbac() {
    return rbac;
  }

  /** The key registry, or null if no key endpoint is configured. */
  public ApiKeyRegistry keys() {
    return keys;
  }

  public Authenticator authenticator() {
    return authenticator;
  }

  public Authorizer authorizer() {
    return authorizer;
  }

  public AuditSink audit() {
    return audit;
  }

  /** The shipper to the control plane's audit endpoint, or null if none is configured. */
  public AuditShipper auditShipper() {
    return shipper;
  }

  /** Records {@code e}, never throwing. */
  public void record(AuditEvent e) {
    try {
      audit.record(e);
    } catch (RuntimeException ex) {
      LOG.error("the audit sink failed to record {}", e, ex);
    }
  }

  @Override
  public void close() {
    if (source != null) {
      source.close();
    }
    if (shipper != null) {
      shipper.close();
    }
  }
}
