package io.quiver.engine.error;

/**
 * An error with a category the server turns into a Milvus status. The message is shown to
 * clients as is, so it names the database, collection, field or parameter at fault and never
 * contains key material or internal paths.
 */
public class QuiverException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public QuiverException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public QuiverException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static QuiverException invalid(String format, Object... args) {
    return new QuiverException(ErrorCode.INVALID_ARGUMENT, String.format(format, args));
  }

  public static QuiverException missing(String format, Object... args) {
    return new QuiverException(ErrorCode.MISSING_ARGUMENT, String.format(format, args));
  }
}
