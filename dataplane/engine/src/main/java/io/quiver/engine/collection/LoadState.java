package io.quiver.engine.collection;

/** Milvus load states, numbered as on the wire. */
public enum LoadState {
  NOT_EXIST(0),
  NOT_LOAD(1),
  LOADING(2),
  LOADED(3);

  private final int code;

  LoadState(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
