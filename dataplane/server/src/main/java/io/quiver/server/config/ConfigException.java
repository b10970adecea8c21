package io.quiver.server.config;

/** A configuration value is missing or invalid; the process stops with this message. */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
