package io.quiver.operator.status;

/**
 * A condition whose status or reason changed in a reconcile pass; each becomes one Event.
 *
 * @param type condition type
 * @param status the new status (True or False)
 * @param reason the new reason
 * @param message the new message
 * @param warning whether the Event is a Warning (a failure appeared) rather than Normal
 */
public record Transition(String type, String status, String reason, String message, boolean warning) {}
