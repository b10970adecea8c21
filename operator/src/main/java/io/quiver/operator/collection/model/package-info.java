/**
 * Desired state of a Collection in data-plane terms and the plan that brings an existing collection to
 * it (additive changes as writes, the rest as SchemaConflict). Pure: no client imports.
 */
package io.quiver.operator.collection.model;
