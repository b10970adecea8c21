/**
 * The catalog in etcd, for cluster mode: {@link io.quiver.storage.catalog.etcd.EtcdKvStore}
 * implements the {@link io.quiver.storage.catalog.KvStore} contract over jetcd, with {@link
 * io.quiver.storage.catalog.etcd.CatalogWatch watches} and {@link
 * io.quiver.storage.catalog.etcd.Leases leases} on the same connection, configured by {@link
 * io.quiver.storage.catalog.etcd.EtcdConfig}. {@link io.quiver.storage.catalog.etcd.RangeAllocator}
 * hands out disjoint counter ranges (the timestamp oracle's building block) over any store.
 *
 * <p>Failures are typed: {@link io.quiver.storage.catalog.etcd.CatalogUnavailableException}
 * (nothing happened, retry), {@link io.quiver.storage.catalog.etcd.CommitOutcomeUnknownException}
 * (a commit may have applied: read back first), {@link
 * io.quiver.storage.catalog.etcd.CatalogRejectedException} (retrying will not help). The key layout
 * is documented in {@code docs/catalog-keys.md}.
 */
package io.quiver.storage.catalog.etcd;
