package papertrends.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import papertrends.testing.TestSpark;

/**
 * Runs src/test/browser/check-report.sh on a report (headless Debian Chromium) and returns the
 * DOM the browser built; skips the test when no browser can be had on this machine.
 */
final class BrowserCheck {
  /** What the browser made of the page. */
  record Result(String output, String dom, Path dir) {
    /** An attribute of the first element matching a tag pattern, e.g. svg data-chart="x". */
    String attr(String elementPattern, String attribute) {
      Matcher m = Pattern.compile("<" + elementPattern + "[^>]*>").matcher(dom);
      if (!m.find()) {
        throw new AssertionError("no element " + elementPattern + " in the DOM");
      }
      Matcher a = Pattern.compile(" " + attribute + "=\"([^\"]*)\"").matcher(m.group());
      return a.find() ? a.group(1) : null;
    }

    /** How often a regular expression matches in the DOM. */
    long count(String regex) {
      return Pattern.compile(regex).matcher(dom).results().count();
    }
  }

  private BrowserCheck() {}

  /** Checks the report in Chromium; the artefacts stay in target/report-check/NAME. */
  static Result run(Path report, String name, int expectedCards) throws Exception {
    Path out = outDir(name);
    String output = check(report, out, expectedCards, 0);
    return new Result(output, Files.readString(out.resolve("dom.html"), StandardCharsets.UTF_8),
        out);
  }

  /** Runs the check where it must fail; returns what it printed. */
  static String runFailing(Path report, String name, int expectedCards) throws Exception {
    return check(report, outDir(name), expectedCards, 1);
  }

  private static Path outDir(String name) {
    return TestSpark.projectDir().resolve("target/report-check").resolve(name);
  }

  private static String check(Path report, Path out, int expectedCards, int expectedExit)
      throws Exception {
    Files.createDirectories(out);
    Files.copy(report, out.resolve("index.html"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path script = TestSpark.projectDir().resolve("src/test/browser/check-report.sh");
    Process p = new ProcessBuilder("bash", script.toString(), report.toString(), out.toString(),
        String.valueOf(expectedCards)).redirectErrorStream(true).start();
    String output;
    try {
      output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      p.destroyForcibly();
      throw e;
    }
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("check-report.sh did not finish: " + output);
    }
    System.err.print(output);
    Assumptions.assumeTrue(p.exitValue() != 77, "browser check skipped: " + output.strip());
    assertEquals(expectedExit, p.exitValue(), "check-report.sh exit code:\n" + output);
    return output;
  }
}
