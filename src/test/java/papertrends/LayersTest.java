package papertrends;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The layers only point down: cli → runs → {ingest, features, topics, trends, publish} → io →
 * {config, spark, util} (docs/architecture.md draws them). A stage that imports runs (for
 * model_runs) or cli, or runs importing cli, fails this test.
 */
class LayersTest {
  static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("papertrends");

  static ArchRule layers() {
    return layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("cli").definedBy("papertrends.cli..")
        .layer("runs").definedBy("papertrends.runs..")
        .layer("stages").definedBy("papertrends.ingest..", "papertrends.features..",
            "papertrends.topics..", "papertrends.trends..", "papertrends.publish..")
        .layer("io").definedBy("papertrends.io..")
        .layer("base").definedBy("papertrends.config..", "papertrends.spark..",
            "papertrends.util..")
        .whereLayer("cli").mayNotBeAccessedByAnyLayer()
        .whereLayer("runs").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("stages").mayOnlyBeAccessedByLayers("cli", "runs")
        .whereLayer("io").mayOnlyBeAccessedByLayers("cli", "runs", "stages")
        .whereLayer("base").mayOnlyBeAccessedByLayers("cli", "runs", "stages", "io");
  }

  @Test
  void layersOnlyPointDown() {
    layers().check(MAIN);
  }
}
