/** The resourcegroup reconciler, its dependent resources and workflow conditions. */
package io.quiver.operator.resourcegroup;
