package papertrends.testing;

import java.util.LinkedHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import papertrends.spark.Sessions;

/**
 * A later, separate session (its own JVM) as a BI tool or another job opens it: the Spark
 * settings come from -Dspark.* properties (e.g. a Hive metastore), and each argument is a query
 * whose rows are printed as comma-separated lines, queries separated by "--".
 */
public final class SqlProbe {
  private SqlProbe() {}

  public static void main(String[] queries) {
    SparkSession.Builder b = SparkSession.builder().appName("papertrends-probe");
    Sessions.apply(b, new SparkConf(true), new LinkedHashMap<>());
    SparkSession spark = b.getOrCreate();
    try {
      for (String q : queries) {
        for (Row r : spark.sql(q).collectAsList()) {
          System.out.println(r.mkString(","));
        }
        System.out.println("--");
      }
    } finally {
      spark.stop();
    }
  }
}
