package io.quiver.storage.catalog.etcd;

import java.io.IOException;

/**
 * etcd answered with an error that retrying the same request will not fix (permission denied, an
 * unsupported request, a missing lease); <b>nothing was applied</b>.
 */
public class CatalogRejectedException extends IOException {

  private static final long serialVersionUID = 1L;

  public CatalogRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
