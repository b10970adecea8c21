package io.quiver.engine.collection;

/** A partition of a collection. Immutable. */
public record PartitionInfo(long id, String name, long createdTimestamp) {

  public static final String DEFAULT_NAME = "_default";
}
