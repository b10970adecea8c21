package io.quiver.server.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/** A database as the catalog records it. Immutable. */
public record DatabaseInfo(long id, String name, Map<String, String> properties, long createdTimestamp) {

  public static final String DEFAULT = "default";

  public DatabaseInfo {
    properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  public DatabaseInfo withProperties(Map<String, String> next) {
    return new DatabaseInfo(id, name, next, createdTimestamp);
  }
}
