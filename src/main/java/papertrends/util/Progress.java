package papertrends.util;

import java.util.Locale;

/**
 * Progress lines on standard error: "papertrends: STAGE started" and
 * "papertrends: STAGE finished in S s (COUNTS)", the contract scripts and users read.
 */
public final class Progress {
  private final String stage;
  private final long startNanos;

  private Progress(String stage) {
    this.stage = stage;
    this.startNanos = System.nanoTime();
  }

  /** Prints the start line of a stage and returns its clock. */
  public static Progress start(String stage) {
    System.err.println("papertrends: " + stage + " started");
    System.err.flush();
    return new Progress(stage);
  }

  /** Prints an intermediate line, for long stages (LDA iterations, per-file counts). */
  public static void info(String stage, String message) {
    System.err.println("papertrends: " + stage + ": " + message);
    System.err.flush();
  }

  /** Seconds since the start. */
  public double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Prints the finish line with the stage's counts; returns the seconds it took. */
  public double finish(String counts) {
    double s = seconds();
    System.err.println(String.format(Locale.ROOT, "papertrends: %s finished in %.1f s (%s)",
        stage, s, counts));
    System.err.flush();
    return s;
  }
}
