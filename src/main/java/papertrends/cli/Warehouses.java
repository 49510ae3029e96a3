package papertrends.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import papertrends.config.UsageException;
import papertrends.io.Storage;
import papertrends.util.HadoopConfs;

/**
 * Checks, before Spark starts, that the warehouse (any Hadoop URI) has a connector on the class
 * path and can be written: one line and exit 2 when not.
 */
final class Warehouses {
  private Warehouses() {}

  /** Throws a one-line UsageException when the warehouse's scheme has no connector here. */
  static void checkConnector(String warehouse) {
    Storage.requireConnector(warehouse, HadoopConfs.submitted());
  }

  /** Throws a one-line UsageException when the warehouse cannot be created and written. */
  static void checkWritable(String warehouse) {
    checkWritable(warehouse, HadoopConfs.submitted());
  }

  static void checkWritable(String warehouse, Configuration conf) {
    Storage storage = new Storage(conf);
    try {
      String root = storage.qualify(warehouse);
      storage.mkdirs(root);
      String probe = root + "/.write-check-" + UUID.randomUUID();
      storage.fs(probe).create(new org.apache.hadoop.fs.Path(probe), false).close();
      storage.delete(probe);
    } catch (UncheckedIOException e) {
      throw cannotWrite(warehouse, e.getCause());
    } catch (IOException | RuntimeException e) {
      if (e instanceof UsageException u) {
        throw u;
      }
      throw cannotWrite(warehouse, e);
    }
  }

  private static UsageException cannotWrite(String warehouse, Throwable e) {
    return new UsageException("cannot write the warehouse " + warehouse + ": " + Main.describe(e));
  }
}
