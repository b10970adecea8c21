/**
 * Object storage for segment files, index files and write-ahead-log batches: the {@link
 * io.quiver.storage.object.ObjectStore} contract (keys, atomic writes, ranged reads, listings,
 * views under a prefix, retryable and permanent failures, deadlines), the standalone default
 * {@link io.quiver.storage.object.LocalObjectStore} (a directory) and {@link
 * io.quiver.storage.object.S3ObjectStore} (an S3 bucket through the MinIO client), chosen by an
 * {@link io.quiver.storage.object.ObjectStoreConfig}.
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * try (ObjectStore root = new ObjectStoreConfig.S3(S3Config.of(endpoint, bucket, accessKey, secretKey)
 *         .withPathPrefix("clusters/c1")).open()) {
 *   ObjectStore db = root.scoped("db-7");                       // s3://bucket/clusters/c1/db-7/...
 *   db.put("segments/42/vectors.arrow", file);                   // multipart above 16 MiB
 *   byte[] header = db.getRange("segments/42/vectors.arrow", 0, 64);
 *   ObjectStore wal = db.withDeadline(Duration.ofSeconds(2));   // fail fast during an outage
 *   try {
 *     wal.put("wal/shard-0/000017", batch);
 *   } catch (ObjectStoreException e) {
 *     if (e.retryable()) { ... tell the client to retry ... }
 *   }
 * }
 * }</pre>
 */
package io.quiver.storage.object;
