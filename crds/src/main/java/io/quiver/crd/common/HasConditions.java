package io.quiver.crd.common;

import java.util.List;

/** A status that carries conditions and the generation they were computed from; every Quiver status does. */
public interface HasConditions {

  /** The conditions; null before the first reconcile. */
  List<Condition> getConditions();

  /** Replaces the conditions. */
  void setConditions(List<Condition> conditions);

  /** The metadata.generation the status was computed from. */
  Long getObservedGeneration();

  /** Sets the metadata.generation the status was computed from. */
  void setObservedGeneration(Long observedGeneration);
}
