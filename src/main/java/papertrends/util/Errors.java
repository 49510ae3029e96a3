package papertrends.util;

/** One line saying what went wrong, for the error line and for model_runs.error. */
public final class Errors {
  private Errors() {}

  /** One line from the root cause's message (at most 400 characters). */
  public static String describe(Throwable t) {
    Throwable root = t;
    String msg = null;
    for (Throwable x = t; x != null; x = x.getCause()) {
      root = x;
      if (x.getMessage() != null && !x.getMessage().isBlank()) {
        msg = x.getMessage();
      }
    }
    String text = msg == null ? root.getClass().getSimpleName() : msg;
    text = text.replaceAll("\\s+", " ").trim();
    if (text.length() > 400) {
      text = text.substring(0, 400) + "…";
    }
    return text;
  }
}
