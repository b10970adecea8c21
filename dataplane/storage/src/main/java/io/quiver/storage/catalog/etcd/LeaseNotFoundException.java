package io.quiver.storage.catalog.etcd;

/** The lease does not exist (it expired or was revoked); nothing was applied. */
public final class LeaseNotFoundException extends CatalogRejectedException {

  private static final long serialVersionUID = 1L;

  private final long leaseId;

  public LeaseNotFoundException(long leaseId, Throwable cause) {
    super("lease " + Long.toHexString(leaseId) + " not found: it expired or was revoked", cause);
    this.leaseId = leaseId;
  }

  public long leaseId() {
    return leaseId;
  }
}
