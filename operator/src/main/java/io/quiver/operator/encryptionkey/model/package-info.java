/** Desired state of an EncryptionKey: scope, key material checks, rotation decisions. Pure. */
package io.quiver.operator.encryptionkey.model;
