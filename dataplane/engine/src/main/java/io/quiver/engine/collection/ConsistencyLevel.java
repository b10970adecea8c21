package io.quiver.engine.collection;

/** Milvus consistency levels, numbered as on the wire. */
public enum ConsistencyLevel {
  STRONG(0, "Strong"),
  SESSION(1, "Session"),
  BOUNDED(2, "Bounded"),
  EVENTUALLY(3, "Eventually");

  private final int code;
  private final String milvusName;

  ConsistencyLevel(int code, String milvusName) {
    this.code = code;
    this.milvusName = milvusName;
  }

  public int code() {
    return code;
  }

  public String milvusName() {
    return milvusName;
  }

  /** The level with wire number {@code code}; Customized (4) and unknown numbers map to null. */
  public static ConsistencyLevel fromCode(int code) {
    for (ConsistencyLevel l : values()) {
      if (l.code == code) {
        return l;
      }
    }
    return null;
  }
}
