package io.quiver.storage.catalog.etcd;

import java.io.IOException;

/**
 * The catalog could not be reached or is not serving right now (etcd down, no quorum, overloaded,
 * or no answer within the call deadline), and the call <b>did nothing</b>: for a commit, the
 * transaction was never sent, or etcd refused it before applying it. Retryable: the same store
 * works again once etcd is back.
 */
public class CatalogUnavailableException extends IOException {

  private static final long serialVersionUID = 1L;

  public CatalogUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
