/**
 * The Quiver operator: {@link io.quiver.operator.Main}, its typed configuration, and the registration of
 * one reconciler per custom-resource kind. Each kind's reconciler and dependents live in
 * {@code io.quiver.operator.<kind>}, their desired-state code in {@code io.quiver.operator.<kind>.model}.
 */
package io.quiver.operator;
