package io.quiver.testkit.process;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A process could not be started, exited during start-up, or did not become ready in time.
 * The message names the process and ends with the tail of its log.
 */
public final class ProcessStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final Pattern PORT_CLASH = Pattern.compile(
            "address already in use|bindexception|failed to bind|seems to be in use|port\\(s\\) already bound");

    private final String logTail;

    /** {@code logTail} is the end of the process log ("" if none), appended to the message. */
    public ProcessStartException(String message, String logTail, Throwable cause) {
        super(logTail.isEmpty() ? message : message + "\n--- log tail ---\n" + logTail + "--- end of log ---", cause);
        this.logTail = logTail;
    }

    /** The end of the process log at the time of the failure ("" if there is none). */
    public String logTail() {
        return logTail;
    }

    /**
     * Whether the log says the process could not bind a port, so starting again on other free
     * ports is worth a try.
     */
    public boolean isPortClash() {
        return PORT_CLASH.matcher(logTail.toLowerCase(Locale.ROOT)).find();
    }
}
