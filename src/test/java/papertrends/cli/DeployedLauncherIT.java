package papertrends.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.testing.Launcher;
import papertrends.testing.TestSpark;
import papertrends.util.Version;

/**
 * The launcher on a deployed copy (jobs/, conf/ and the jar in lib/, no pom.xml): it finds the
 * jar by itself, takes Spark from SPARK_HOME and never calls Maven. The SPARK_HOME here is laid
 * out as a Spark distribution's (jars/ and bin/spark-submit) from the build's own Spark jars.
 */
class DeployedLauncherIT {
  @TempDir
  Path dir;

  @Test
  void deployedCopyRunsWithoutMaven() throws Exception {
    Path project = TestSpark.projectDir();
    // the source checkout's launcher resolves Spark's class path, which the SPARK_HOME below links
    Launcher.Outcome built = Launcher.run(Launcher.command("papertrends", "--version"), Map.of());
    assertEquals(0, built.exit(), built.describe());
    Path app = dir.resolve("papertrends");
    copyTree(project.resolve("jobs"), app.resolve("jobs"));
    copyTree(project.resolve("conf"), app.resolve("conf"));
    Path jar;
    try (Stream<Path> s = Files.list(project.resolve("target"))) {
      jar = s.filter(p -> p.getFileName().toString().matches("papertrends-.*\\.jar")
          && !p.getFileName().toString().startsWith("original-")).findFirst().orElseThrow();
    }
    Files.createDirectories(app.resolve("lib"));
    Files.copy(jar, app.resolve("lib").resolve(jar.getFileName()));

    // a Maven that leaves a mark when called: the deployed launcher must not call it
    Path bin = dir.resolve("bin");
    Path mark = dir.resolve("maven-was-called");
    executable(bin.resolve("mvn"), "#!/bin/sh\ntouch '" + mark + "'\nexit 1\n");
    String path = bin + ":" + System.getenv("PATH");

    Launcher.Outcome noSpark = Launcher.run(List.of(app.resolve("jobs/papertrends").toString(),
        "--version"), Map.of("PATH", path), dir);
    assertEquals(2, noSpark.exit(), noSpark.describe());
    assertTrue(noSpark.err().contains("set SPARK_HOME"), noSpark.describe());

    Path sparkHome = sparkHome(dir.resolve("spark"));
    try {
      runsWithSparkHome(app, sparkHome, path, mark);
    } finally {
      unlinkJars(sparkHome); // JUnit warns about every link it finds when it cleans up
    }
  }

  private void runsWithSparkHome(Path app, Path sparkHome, String path, Path mark)
      throws IOException {
    Map<String, String> env = Map.of("PATH", path, "SPARK_HOME", sparkHome.toString());
    Launcher.Outcome version = Launcher.run(List.of(app.resolve("jobs/papertrends").toString(),
        "--version"), env, dir);
    assertEquals(0, version.exit(), version.describe());
    assertEquals(Version.describe().replaceAll(" \\(git .*\\)", ""),
        version.out().strip().replaceAll(" \\(git .*\\)", ""), "the jar's own version");

    Launcher.Outcome sql = Launcher.run(List.of(app.resolve("jobs/papertrends").toString(),
        "sql", "SELECT 6 * 7 AS answer", "--csv", "--set",
        "papertrends.warehouse=" + dir.resolve("wh")), env, dir);
    assertEquals(0, sql.exit(), sql.describe());
    assertEquals(List.of("answer", "42"), sql.out().lines().toList());
    assertFalse(Files.exists(mark), "Maven was called by a deployed launcher");
  }

  static void unlinkJars(Path sparkHome) throws IOException {
    try (Stream<Path> s = Files.list(sparkHome.resolve("jars"))) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Files.delete(p);
      }
    }
  }

  /** A folder laid out as a Spark distribution: jars/ (links) and bin/spark-submit. */
  static Path sparkHome(Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    String cp = Files.readString(TestSpark.projectDir().resolve("target/spark-classpath.txt"))
        .strip();
    for (String j : cp.split(":")) {
      Path p = Path.of(j);
      if (Files.isRegularFile(p) && !Files.exists(jars.resolve(p.getFileName()))) {
        Files.createSymbolicLink(jars.resolve(p.getFileName()), p);
      }
    }
    // as Spark's bin/spark-submit: SparkSubmit with Spark's module flags, from jars/
    executable(home.resolve("bin/spark-submit"), "#!/usr/bin/env bash\n"
        + "exec \"${JAVA_HOME:+$JAVA_HOME/bin/}java\" "
        + org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions()
        + " -cp \"$SPARK_HOME/jars/*\" org.apache.spark.deploy.SparkSubmit \"$@\"\n");
    return home;
  }

  static void executable(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
