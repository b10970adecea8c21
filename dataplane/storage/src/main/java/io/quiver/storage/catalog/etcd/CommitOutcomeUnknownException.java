package io.quiver.storage.catalog.etcd;

import java.io.IOException;

/**
 * A transaction reached etcd, or may have, but no answer came back within the deadline (the
 * connection broke, etcd timed out a proposal, the leader changed): it may or may not have been
 * applied, and may still become visible later. The store never retries such a transaction itself.
 * Read the keys back (once the catalog answers again) before deciding to retry; a transaction with
 * compares on mod revisions is safe to send again, because a second application fails its compare.
 */
public final class CommitOutcomeUnknownException extends IOException {

  private static final long serialVersionUID = 1L;

  public CommitOutcomeUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}
