/**
 * Status handling shared by every reconciler: the condition aggregator (the only place conditions are
 * built), the mapping of failures to reasons, and Events.
 */
package io.quiver.operator.status;
