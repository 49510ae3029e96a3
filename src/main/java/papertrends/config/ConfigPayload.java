package papertrends.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The resolved config and the local files it names, as one Spark property
 * ({@value #PROPERTY}): with --deploy-mode cluster the driver runs on a cluster node that has
 * neither the config file of the submitting host nor its stopwords file and mappings, so the
 * launcher passes them along (gzip, base64: one line, safe on any command line).
 */
public final class ConfigPayload {
  /** The Spark property that carries the payload to the driver. */
  public static final String PROPERTY = "spark.papertrends.config";

  private ConfigPayload() {}

  /** The payload of a merged config: its papertrends tree and the local files it names. */
  public static String encode(Config merged) {
    Settings s = Settings.from(merged);
    Map<String, String> files = new LinkedHashMap<>();
    addLocal(files, s.features().stopwordsFile());
    String dir = s.ingest().mappingsDir();
    if (!ConfigFiles.isRemote(dir)) {
      for (String name : ConfigFiles.list(dir, ".conf")) {
        addLocal(files, dir + "/" + name);
      }
    }
    Config doc = ConfigFactory.empty()
        .withValue("config", merged.getConfig("papertrends").root())
        .withValue("files", ConfigValueFactory.fromMap(files));
    String json = doc.root().render(ConfigRenderOptions.concise());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
  }

  private static void addLocal(Map<String, String> files, String path) {
    if (ConfigFiles.isRemote(path) || !ConfigFiles.isFile(path)) {
      return;
    }
    try {
      files.put(path, ConfigFiles.read(path));
    } catch (IOException e) {
      throw new UsageException("cannot read " + path + ": " + e.getMessage());
    }
  }

  /**
   * The settings of the payload the driver JVM was given, if any; its files become readable
   * through {@link ConfigFiles} at the paths the config names.
   */
  public static Optional<Settings> fromSystem() {
    String p = System.getProperty(PROPERTY);
    return p == null || p.isBlank() ? Optional.empty() : Optional.of(decode(p));
  }

  /** Decodes a payload: registers its files, returns its validated settings. */
  public static Settings decode(String payload) {
    String json;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(
        Base64.getUrlDecoder().decode(payload)))) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException("bad " + PROPERTY + " (not a payload of jobs/papertrends): "
          + e.getMessage());
    }
    Config doc = ConfigFactory.parseString(json);
    Map<String, String> files = new LinkedHashMap<>();
    doc.getObject("files").unwrapped().forEach((k, v) -> files.put(k, String.valueOf(v)));
    ConfigFiles.ship(files);
    return ConfigLoader.validated(doc.getConfig("config").atPath("papertrends"));
  }
}
