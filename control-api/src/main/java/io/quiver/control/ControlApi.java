package io.quiver.control;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * A running control API: the Micronaut context and its HTTP server. Start it with
 * {@link #start(Map)} (configuration keys as in docs/control-api.md) and close it to stop.
 */
@OpenAPIDefinition(
    info = @Info(title = "quiver-control-api", version = "v1",
        description = "Quiver control API: tenants, members, API keys, key registry, audit log"),
    security = @SecurityRequirement(name = "keycloak"))
@SecurityScheme(name = "keycloak", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public final class ControlApi implements AutoCloseable {

  private final ApplicationContext context;
  private final EmbeddedServer server;

  private ControlApi(ApplicationContext context, EmbeddedServer server) {
    this.context = context;
    this.server = server;
  }

  /**
   * Starts the control API with {@code properties} (over the defaults); fails with a
   * {@link io.quiver.control.config.ConfigException} in its cause chain for a bad configuration.
   */
  public static ControlApi start(Map<String, Object> properties) {
    Map<String, Object> all = new HashMap<>(properties);
    ApplicationContext context = ApplicationContext.builder().properties(all).deduceEnvironment(false).banner(false)
        .start();
    try {
      EmbeddedServer server = context.getBean(EmbeddedServer.class);
      server.start();
      return new ControlApi(context, server);
    } catch (RuntimeException e) {
      context.close();
      throw e;
    }
  }

  /** {@code http://host:port}. */
  public URI uri() {
    return server.getURI();
  }

  public int port() {
    return server.getPort();
  }

  public ApplicationContext context() {
    return context;
  }

  @Override
  public void close() {
    server.stop();
    context.close();
  }
}
