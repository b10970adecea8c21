/**
 * The resourcegroup custom resource (group quiver.io, version v1alpha1): its spec, status and their parts.
 *
 * <p>Validation, defaults and immutability live in annotations here and end up in the generated CRD
 * schema (crds/generated); the operator never fills defaults itself.
 */
package io.quiver.crd.v1alpha1.resourcegroup;
