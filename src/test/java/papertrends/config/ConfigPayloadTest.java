package papertrends.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.ingest.readers.Mapping;

/**
 * The payload jobs/papertrends ships with --deploy-mode cluster: the resolved config and the
 * local files it names, readable on a driver where those files do not exist.
 */
class ConfigPayloadTest {
  @TempDir
  Path tmp;

  @Test
  void theDriverGetsTheConfigAndItsFilesWithoutTheSubmittingHostsDisk() throws Exception {
    Path stop = Files.writeString(tmp.resolve("stopwords.txt"), "# mine\nfoo\nin this paper\n");
    Path maps = Files.createDirectories(tmp.resolve("mappings"));
    Files.copy(Path.of(System.getProperty("papertrends.project.dir", "."))
        .resolve("conf/mappings/arxiv-api-csv.conf"), maps.resolve("mine.conf"));
    Path conf = Files.writeString(tmp.resolve("prod.conf"), "papertrends { topics.k = 7,"
        + " features.stopwords-file = \"" + stop + "\", ingest.mappings-dir = \"" + maps
        + "\" }");
    String payload = ConfigPayload.encode(ConfigLoader.load(conf.toString(),
        List.of("warehouse=\"hdfs://nn:8020/pt\"")));
    assertFalse(payload.contains("\n") || payload.contains(" ") || payload.contains("'"));

    // the driver's node has none of these files
    Files.delete(stop);
    Files.delete(maps.resolve("mine.conf"));
    Files.delete(conf);
    Settings s = ConfigPayload.decode(payload);
    assertEquals(7, s.topics().k());
    assertEquals("hdfs://nn:8020/pt", s.warehouse());
    assertTrue(ConfigFiles.isFile(stop.toString()));
    assertEquals("# mine\nfoo\nin this paper\n", ConfigFiles.read(stop.toString()));
    assertEquals("arxiv", Mapping.load(maps.toString(), "mine").idType());
    assertEquals(List.of("mine.conf"), ConfigFiles.list(maps.toString(), ".conf"));
  }
}
