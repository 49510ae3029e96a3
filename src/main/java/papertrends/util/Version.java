package papertrends.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The build's version: the pom's version and the git commit it was built from, written by Maven
 * into papertrends/version.properties (and the jar manifest's Implementation-Version).
 */
public final class Version {
  private static final Properties PROPS = load();

  private Version() {}

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/papertrends/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // no version file: an unpackaged build
    }
    return p;
  }

  /** The pom's version (0.1.0), or the manifest's, or "dev" outside a Maven build. */
  public static String version() {
    String v = PROPS.getProperty("version", "");
    if (v.isBlank() || v.startsWith("${")) {
      v = Version.class.getPackage().getImplementationVersion();
    }
    return v == null || v.isBlank() ? "dev" : v;
  }

  /** The abbreviated git commit of the build, with "-modified" for a dirty tree; "" if none. */
  public static String commit() {
    String c = PROPS.getProperty("commit", "");
    if (c.isBlank() || c.startsWith("${")) {
      return "";
    }
    return "true".equals(PROPS.getProperty("dirty")) ? c + "-modified" : c;
  }

  /** "papertrends 0.1.0 (git 1a2b3c4)", or without the commit when there is none. */
  public static String describe() {
    String c = commit();
    return "papertrends " + version() + (c.isEmpty() ? "" : " (git " + c + ")");
  }
}
