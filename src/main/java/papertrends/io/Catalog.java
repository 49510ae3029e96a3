package papertrends.io;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Registers every warehouse table by name in the session (temporary views over the Delta
 * folders, so no metastore is needed) and the latest_* views of the latest succeeded run.
 */
public final class Catalog {
  private Catalog() {}

  /** Registers what exists; returns the names registered. */
  public static List<String> registerAll(Warehouse w) {
    SparkSession spark = w.spark();
    List<String> names = new ArrayList<>();
    File dir = w.root().resolve("tables").toFile();
    File[] tables = dir.listFiles(File::isDirectory);
    if (tables != null) {
      java.util.Arrays.sort(tables);
      for (File t : tables) {
        if (new File(t, "_delta_log").isDirectory()) {
          spark.read().format("delta").load(t.getPath()).createOrReplaceTempView(t.getName());
          names.add(t.getName());
        }
      }
    }
    names.addAll(LatestViews.register(spark, names));
    return names;
  }
}
