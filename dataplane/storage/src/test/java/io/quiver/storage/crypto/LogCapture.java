package io.quiver.storage.crypto;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures every log event of every logger, at TRACE, while open. */
final class LogCapture implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Level previous = root.getLevel();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogCapture() {
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.TRACE);
  }

  /** Each event as text: message, arguments, MDC, and every throwable in its chain. */
  List<String> texts() {
    List<String> out = new ArrayList<>();
    synchronized (appender.list) {
      for (ILoggingEvent event : appender.list) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        text.append(' ').append(Arrays.toString(event.getArgumentArray())).append(' ').append(event.getMDCPropertyMap());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
          text.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
          for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
            text.append(' ').append(frame.getSTEAsString());
          }
        }
        out.add(text.toString());
      }
    }
    return out;
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    root.setLevel(previous);
    appender.stop();
  }
}
