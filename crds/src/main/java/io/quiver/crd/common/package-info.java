/**
 * Spec fragments shared by Quiver's custom resources (references, placement, storage) and the
 * {@link io.quiver.crd.common.Condition} every status carries.
 */
package io.quiver.crd.common;
