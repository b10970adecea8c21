package io.quiver.storage.catalog;

import java.util.List;

/** A transaction's compare did not hold, so {@link KvStore#commit} applied nothing. */
public final class CompareFailedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient List<Txn.Compare> failed;

  /**
   * @param failed the compares that did not hold (at least one)
   * @param detail what the store found instead, for the message
   */
  public CompareFailedException(List<Txn.Compare> failed, String detail) {
    super("transaction compare failed: " + detail);
    this.failed = List.copyOf(failed);
  }

  /** The compares that did not hold. */
  public List<Txn.Compare> failed() {
    return failed;
  }
}
