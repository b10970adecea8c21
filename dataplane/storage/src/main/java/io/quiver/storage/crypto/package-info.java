/**
 * Envelope encryption with customer keys (BYOK): every segment, delete-log and index file and
 * every WAL record is encrypted with AES-256-GCM under a data key of its own; data keys are
 * wrapped by the database's key-encryption key (KEK); the KEK never leaves its {@link
 * io.quiver.storage.crypto.KeyProvider}.
 *
 * <h2>Pieces</h2>
 *
 * <ul>
 *   <li>{@link io.quiver.storage.crypto.KeyRef}: names a KEK ({@code file:/path}, {@code
 *       secret:namespace/name#key}, {@code kms:provider/keyId}); {@link
 *       io.quiver.storage.crypto.KeySelector} reads it from the database property {@value
 *       io.quiver.storage.crypto.KeySelector#PROPERTY}.
 *   <li>{@link io.quiver.storage.crypto.KeyProvider}: versions of KEKs, wrap and unwrap,
 *       revocation. {@link io.quiver.storage.crypto.FileKeyProvider} (files or a mounted
 *       Secret), {@link io.quiver.storage.crypto.MapKeyProvider} (fed by a Secret watcher),
 *       {@link io.quiver.storage.crypto.KmsKeyProvider} (over a {@link
 *       io.quiver.storage.crypto.KmsClient}); {@link
 *       io.quiver.storage.crypto.KeyProvider#routing} by scheme.
 *   <li>{@link io.quiver.storage.crypto.EnvelopeCipher}: objects: encrypt and decrypt (arrays,
 *       streams, files), ranged decryption, re-wrap. The format is in {@link
 *       io.quiver.storage.crypto.EnvelopeHeader}; the nonce argument in {@link
 *       io.quiver.storage.crypto.EnvelopeCipher}.
 *   <li>{@link io.quiver.storage.crypto.EncryptingRecordTransformer}: WAL records, as a {@link
 *       io.quiver.storage.wal.RecordTransformer}.
 * </ul>
 *
 * <h2>Storing an encrypted object</h2>
 *
 * <pre>{@code
 * ObjectContext ctx = new ObjectContext(database, collection, "42/segments/7/vectors.arrow");
 * EnvelopeHeader header = cipher.encrypt(ctx, localFile, encryptedFile);
 * store.put(name, encryptedFile);                                    // the ciphertext
 * store.put(name + EnvelopeHeader.SIDECAR_SUFFIX, header.toBytes()); // the header, small
 * // ... commit both names to the catalog; GC removes both
 *
 * EnvelopeHeader h = EnvelopeHeader.parse(store.get(name + EnvelopeHeader.SIDECAR_SUFFIX));
 * cipher.decrypt(ctx, h, downloadedFile, cacheFile);                 // then memory-map cacheFile
 * byte[] footer = cipher.decryptRange(ctx, h, rangedSource, offset, length);
 * }</pre>
 *
 * <h2>Rotation</h2>
 *
 * Add a KEK version to the key's source (a line of the key file or Secret entry, or rotate in
 * the KMS). At the next poll new objects and WAL records use it. Then, online, for every object
 * of the database whose header is not {@link
 * io.quiver.storage.crypto.EnvelopeCipher#isCurrent current}: {@link
 * io.quiver.storage.crypto.EnvelopeCipher#rewrap(EnvelopeHeader) rewrap} the header and put the
 * new sidecar; the ciphertext is not touched, and readers of either header keep working. Once
 * every header is re-wrapped and the WAL truncated past records written before the rotation,
 * the old version can be retired (removed from the source).
 *
 * <h2>Revocation</h2>
 *
 * Delete the key, mark it {@code revoked}, disable it in the KMS or withdraw access. Within the
 * provider's poll interval (at most 60 s; at once on {@code refresh()}) every read and write of
 * the databases under that key fails with {@link io.quiver.storage.crypto.KeyRevokedException}
 * ({@code KEY_REVOKED}, not retryable), cached data keys are wiped, and streams stop at their
 * next chunk. Restoring the key restores access at the next poll.
 *
 * <h2>Key material</h2>
 *
 * Held in {@link io.quiver.storage.crypto.KeyMaterial}, which wipes on close and never prints
 * its bytes; data keys exist unwrapped only in memory; nothing here logs material or puts it in
 * an exception message ({@code NoKeyMaterialLeakTest} checks a full cycle).
 */
package io.quiver.storage.crypto;
