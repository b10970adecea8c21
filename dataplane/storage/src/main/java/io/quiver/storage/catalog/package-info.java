/**
 * The metadata store under the catalog: the {@link io.quiver.storage.catalog.KvStore} contract
 * (sorted string keys, byte values, a store revision, conditional atomic transactions), the
 * in-memory twin {@link io.quiver.storage.catalog.MemoryKvStore} for unit tests, and the shared
 * transaction semantics {@link io.quiver.storage.catalog.KvState}. Implementations: {@code
 * .local} (a directory, standalone mode) and, later, {@code .etcd} (cluster mode).
 */
package io.quiver.storage.catalog;
