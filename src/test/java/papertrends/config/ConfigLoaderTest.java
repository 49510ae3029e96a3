package papertrends.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config loading: defaults, file overrides, --set last, unknown keys and bad types refused. */
class ConfigLoaderTest {
  @TempDir
  Path dir;

  @Test
  void referenceDefaultsApplyWithoutAFile() {
    Settings s = Settings.load(null, List.of());
    assertEquals("local[*]", s.spark().master());
    assertNull(s.topics().k());
    assertEquals("online", s.topics().optimizer());
    assertEquals("auto", s.trends().granularity());
    assertTrue(s.warehouse().endsWith("/warehouse"));
  }

  @Test
  void fileOverridesAndSetWinsLast() throws Exception {
    Path f = dir.resolve("x.conf");
    Files.writeString(f, "papertrends { topics.k = 7, spark.master = \"local[1]\" }");
    Settings s = Settings.load(f.toString(), List.of("topics.k=9",
        "papertrends.spark.conf.spark.executor.memory=2g", "warehouse=/tmp/w h"));
    assertEquals(9, s.topics().k());
    assertEquals("local[1]", s.spark().master());
    assertEquals("2g", s.spark().conf().get("spark.executor.memory"));
    assertEquals("/tmp/w h", s.warehouse());
  }

  @Test
  void theWarehouseIsAnyHadoopUriKeptAsGiven() {
    for (String w : List.of("/tmp/pt wh", "file:///tmp/pt wh", "hdfs://127.0.0.1:8020/pt",
        "s3a://bucket/papertrends", "abfss://c@account.dfs.core.windows.net/pt", "gs://b/pt")) {
      assertEquals(w, Settings.load(null, List.of("warehouse=\"" + w + "\"")).warehouse());
    }
  }

  @Test
  void unknownKeyIsOneClearError() {
    UsageException e = assertThrows(UsageException.class,
        () -> Settings.load(null, List.of("topics.kk=3")));
    assertEquals("unknown config key: papertrends.topics.kk (every key is listed in"
        + " reference.conf)", e.getMessage());
  }

  @Test
  void wrongTypeIsRefused() {
    UsageException e = assertThrows(UsageException.class,
        () -> Settings.load(null, List.of("ingest.max-reject-share=lots")));
    assertTrue(e.getMessage().contains("max-reject-share"), e.getMessage());
    UsageException k = assertThrows(UsageException.class,
        () -> Settings.load(null, List.of("topics.k=abc")));
    assertTrue(k.getMessage().contains("k has type STRING"), k.getMessage());
  }

  @Test
  void badEnumValuesAndMissingFileAreRefused() {
    assertThrows(UsageException.class,
        () -> Settings.load(null, List.of("trends.granularity=fortnight")));
    assertThrows(UsageException.class,
        () -> Settings.load(null, List.of("topics.optimizer=gibbs")));
    UsageException e = assertThrows(UsageException.class,
        () -> Settings.load(dir.resolve("missing.conf").toString(), List.of()));
    assertTrue(e.getMessage().startsWith("config file not found"), e.getMessage());
  }
}
