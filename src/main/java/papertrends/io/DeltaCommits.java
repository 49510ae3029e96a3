package papertrends.io;

import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papertrends.util.Errors;

/**
 * Delta commits that may race with another writer, settled through Delta itself (no lock file):
 * a write that lost to a concurrent commit is retried, and a table another writer is creating
 * right now is waited for until it reads.
 *
 * <p>Delta throws its analysis errors (DELTA_CREATE_TABLE_WITH_NON_EMPTY_LOCATION,
 * DELTA_TABLE_NOT_FOUND, …) as {@code AnalysisException}, a checked exception Java code does not
 * see declared: they are caught here as {@link Exception}.
 */
public final class DeltaCommits {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaCommits.class);

  /** Attempts of a create that waits for another creator; the waits add up to about 40 s. */
  static final int CREATE_ATTEMPTS = 24;

  /** Class names of Delta's conflicts between two commits of the same version. */
  private static final List<String> CONFLICTS = List.of("ConcurrentAppendException",
      "ConcurrentWriteException", "ConcurrentDeleteReadException", "ProtocolChangedException",
      "MetadataChangedException", "ConcurrentTransactionException",
      "ConcurrentDeleteDeleteException");

  /**
   * What a reader or creator sees of a table another writer is creating: its folder and
   * _delta_log exist but its version 0 is not committed yet, or its version 0 was just
   * committed by the other writer (FileAlreadyExistsException of 00000000000000000000.json).
   */
  private static final List<String> MID_CREATION = List.of(
      "DELTA_CREATE_TABLE_WITH_NON_EMPTY_LOCATION", "DELTA_TABLE_NOT_FOUND",
      "DELTA_MISSING_DELTA_TABLE", "DELTA_NO_COMMITS_FOUND", "FileAlreadyExistsException");

  private DeltaCommits() {}

  /** A step of a Delta operation (it may throw Delta's checked AnalysisException). */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }

  /** Runs a Delta write, retrying when a concurrent writer committed first. */
  public static <T> T withRetries(String what, int attempts, Callable<T> write) {
    for (int i = 1; ; i++) {
      try {
        return write.call();
      } catch (Exception e) {
        if (!isConcurrentCommit(e) || i >= attempts) {
          throw unchecked(e);
        }
        LOG.warn("{}: concurrent Delta commit, retry {} of {}", what, i, attempts - 1);
        pause(200L * i, e);
      }
    }
  }

  /**
   * Creates a table when it is absent and waits until it reads, when another writer may be
   * creating the same table at the same moment: {@code create} is Delta's create-if-absent,
   * {@code readable} reads the table's latest version. On Delta's concurrent-create errors
   * (see {@link #isRace}) both are tried again after a short wait; after
   * {@link #CREATE_ATTEMPTS} attempts the error is one line naming the table.
   */
  static void createAndWait(String table, String path, Step create, Step readable) {
    Exception last = null;
    for (int attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
      try {
        create.run();
        readable.run();
        return;
      } catch (Exception e) {
        if (!isRace(e)) {
          throw unchecked(e);
        }
        last = e;
        LOG.warn("create {}: another writer is creating the table, waiting ({} of {})", table,
            attempt, CREATE_ATTEMPTS);
        pause(250L * Math.min(attempt, 8), e);
      }
    }
    throw new IllegalStateException("table " + table + " at " + path + " is still not readable"
        + " after " + CREATE_ATTEMPTS + " attempts while another writer creates it ("
        + Errors.describe(last) + "); check its _delta_log and run the job again", last);
  }

  /** True for a concurrent commit or a table seen in the middle of its creation. */
  static boolean isRace(Throwable e) {
    return isConcurrentCommit(e) || isMidCreation(e);
  }

  /** True when the error (or a cause) is a table seen while another writer creates it. */
  static boolean isMidCreation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String text = t.getClass().getName() + ": " + t.getMessage();
      if (MID_CREATION.stream().anyMatch(text::contains)) {
        return true;
      }
    }
    return false;
  }

  /** True when the error (or a cause) is Delta's conflict with a concurrent commit. */
  static boolean isConcurrentCommit(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String n = t.getClass().getName();
      if (CONFLICTS.stream().anyMatch(n::contains)
          || (t.getMessage() != null && t.getMessage().contains("DELTA_CONCURRENT"))) {
        return true;
      }
    }
    return false;
  }

  /** The exception itself when unchecked, else wrapped (Delta's checked AnalysisException). */
  static RuntimeException unchecked(Exception e) {
    return e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
  }

  private static void pause(long millis, Exception cause) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw unchecked(cause);
    }
  }
}
