package papertrends.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import papertrends.config.UsageException;

/** Checks, before Spark starts, that a local warehouse folder can be created and written. */
final class Warehouses {
  private Warehouses() {}

  /** Throws a one-line UsageException when the warehouse cannot be written (local paths only). */
  static void checkWritable(String warehouse) {
    // Settings.warehouse() is already a local path: a file: URI was turned into its path and a
    // remote URI refused, so there is no URI left to tell apart here.
    Path root = Path.of(warehouse).toAbsolutePath();
    try {
      Files.createDirectories(root);
      Path probe = Files.createTempFile(root, ".write-check-", "");
      Files.delete(probe);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new UsageException("cannot write the warehouse " + root + ": " + e.getFile()
          + " is a file, not a folder");
    } catch (java.nio.file.FileSystemException e) {
      throw new UsageException("cannot write the warehouse " + root + ": "
          + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName())
          + (e.getFile() != null && !e.getFile().equals(root.toString()) ? " (" + e.getFile()
              + ")" : ""));
    } catch (IOException | SecurityException e) {
      throw new UsageException("cannot write the warehouse " + root + ": " + e.getMessage());
    }
  }
}
