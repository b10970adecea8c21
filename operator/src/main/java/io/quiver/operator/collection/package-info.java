/**
 * The Collection reconciler: the data-plane collection as an external dependent (create, additive
 * update, delete per deletionPolicy, drift repair), and status from what the data plane reports.
 */
package io.quiver.operator.collection;
