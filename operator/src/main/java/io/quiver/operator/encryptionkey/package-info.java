/**
 * The EncryptionKey reconciler: the key in the data plane as an external dependent (install, rotate,
 * revoke, restore), and status. The data plane does not take customer keys yet: DataPlaneUnsupported.
 */
package io.quiver.operator.encryptionkey;
