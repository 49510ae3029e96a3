package papertrends.topics;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.config.Settings;
import papertrends.features.FeaturesJob;
import papertrends.features.Stopwords;
import papertrends.features.Terms;
import papertrends.features.TextModel;
import papertrends.ingest.IngestJob;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.runs.AnalysisRuns;
import papertrends.runs.ModelRun;
import papertrends.runs.RunHistory;
import papertrends.runs.RunStages;
import papertrends.testing.TestSpark;

/**
 * The arXiv CSV set (design of experiments, reliability, SPC) at k = 10 with the shipped
 * configuration: readable vocabulary, topics free of boilerplate, coherence recorded.
 */
@Tag("pipeline")
class CsvTopicsTest {
  @TempDir
  static Path dir;
  static Settings settings;
  static Warehouse warehouse;
  static String runId;
  static TopicsJob.Result result;
  static FeaturesJob.Result features;

  @BeforeAll
  static void ingestAndFit() throws Exception {
    SparkSession spark = TestSpark.session();
    settings = TestSpark.settings(dir.resolve("wh"), "papertrends.topics.k=10");
    warehouse = new Warehouse(spark, settings);
    new IngestJob(spark, settings, List.of(new IngestJob.Input(
        TestSpark.data("arxiv-api-csv"), "csv", "arxiv-api-csv")), null, false).run();
    runId = AnalysisRuns.start(warehouse, settings, AnalysisRuns.REFIT, null);
    RunStages stages = new RunStages(spark, settings, runId);
    features = stages.features();
    result = stages.topics();
  }

  static List<List<String>> topTerms() {
    List<List<String>> out = new ArrayList<>();
    for (Row r : warehouse.read(Tables.TOPICS).where(col("run_id").equalTo(runId))
        .orderBy("topic_id").collectAsList()) {
      out.add(r.getList(r.fieldIndex("top_terms")));
    }
    return out;
  }

  @Test
  void noTopicIsMadeOfStopwordsOrBoilerplate() {
    Set<String> english = TextModel.englishStopwords();
    Set<String> academic = Stopwords.academicWords(settings.features().stopwordsFile());
    List<List<String>> topics = topTerms();
    assertEquals(10, topics.size());
    for (List<String> top : topics) {
      assertEquals(10, top.size());
      long stop = top.stream().filter(t -> List.of(t.split(" ")).stream().allMatch(w ->
          english.contains(w) || academic.contains(w)
              || academic.contains(Terms.foldKey(w)))).count();
      assertEquals(0, stop, "stopwords among " + top);
    }
  }

  @Test
  void topicsAreDiverseAndMadeOfCommonWordsOfTheField() {
    assertTrue(Coherence.diversity(topTerms()) >= 0.7, "diversity of " + topTerms());
    Map<String, Long> df = new HashMap<>();
    for (Row r : warehouse.read(Tables.VOCABULARY).where(col("run_id").equalTo(runId))
        .collectAsList()) {
      df.put(r.getAs("term"), r.getAs("doc_freq"));
    }
    List<Long> tops = new ArrayList<>();
    topTerms().forEach(t -> t.forEach(x -> tops.add(df.get(x))));
    tops.sort(Long::compare);
    assertTrue(tops.get(tops.size() / 2) >= 20, "median doc freq of top terms " + tops);
    assertTrue(topTerms().stream().flatMap(List::stream).anyMatch(t -> t.contains("control")),
        "statistical process control is one of the corpus's three subjects");
  }

  @Test
  void labelsLeadWithAPhraseAndAreDistinct() {
    List<String> labels = warehouse.read(Tables.TOPICS).where(col("run_id").equalTo(runId))
        .orderBy("topic_id").select("label").collectAsList().stream()
        .map(r -> r.getString(0)).toList();
    System.out.println("CSV-set labels: " + labels);
    assertEquals(10, new HashSet<>(labels).size(), "distinct: " + labels);
    assertTrue(labels.stream().filter(l -> l.split(", ")[0].contains(" ")).count() >= 7,
        "a phrase first: " + labels);
    for (String label : labels) {
      Set<String> stems = new HashSet<>();
      for (String item : label.split(", ")) {
        for (String s : Labels.stems(item)) {
          assertTrue(stems.add(s), "two forms of one word in " + label);
        }
      }
    }
  }

  @Test
  void meanNpmiIsRecordedInModelRuns() {
    ModelRun run = new RunHistory(warehouse).get(runId).orElseThrow();
    double mean = warehouse.read(Tables.TOPICS).where(col("run_id").equalTo(runId))
        .agg(org.apache.spark.sql.functions.avg("npmi")).first().getDouble(0);
    assertEquals(mean, run.meanNpmi(), 1e-9);
    assertEquals(result.meanNpmi(), mean, 1e-9);
    assertEquals(10, (int) run.k());
    assertEquals(1586L, (long) run.docs());
    assertTrue(run.logPerplexity() > 0);
  }

  @Test
  void vocabularyHoldsReadableFoldedTermsAndCorpusPhrases() {
    List<String> vocab = warehouse.read(Tables.VOCABULARY).where(col("run_id").equalTo(runId))
        .select("term").collectAsList().stream().map(r -> r.getString(0)).toList();
    Set<String> keys = new HashSet<>();
    for (String t : vocab) {
      if (!t.contains(" ")) {
        assertTrue(keys.add(Terms.foldKey(t)), "two surface forms of one word: " + t);
      }
    }
    assertTrue(vocab.stream().anyMatch(t -> t.matches("control charts?")), "control chart");
    assertTrue(vocab.stream().anyMatch(t -> t.matches("optimal designs?")), "optimal design");
    assertFalse(vocab.contains("comput"));
    assertFalse(vocab.contains("paper"));
    assertTrue(vocab.stream().noneMatch(t -> t.contains("http") || t.contains("\\")), "urls");
  }

  @Test
  void keywordsAreEachPapersTopTfidfTerms() {
    List<Row> kw = warehouse.read(Tables.DOC_KEYWORDS).where(col("run_id").equalTo(runId))
        .where(col("paper_id").equalTo("arxiv:2606.06161")).orderBy("rank").collectAsList();
    assertEquals(settings.features().keywordsPerDoc(), kw.size());
    for (int i = 1; i < kw.size(); i++) {
      assertTrue(kw.get(i - 1).<Double>getAs("tfidf") >= kw.get(i).<Double>getAs("tfidf"));
    }
    assertTrue(kw.stream().anyMatch(r -> r.<String>getAs("term").contains("ratio")),
        "the EWMA ratio-chart paper is about ratios: " + kw);
  }

  @Test
  void vocabularyIdfIsWhatMllibsIdfFitsOnTheCountsAndKeywordsAreCounted() {
    Dataset<Row> vectors = Topics.ldaInput(warehouse.read(Tables.DOC_FEATURES)
        .where(col("run_id").equalTo(runId)), (int) warehouse.read(Tables.VOCABULARY)
        .where(col("run_id").equalTo(runId)).count());
    double[] fitted = new IDF().setInputCol(Topics.FEATURES).setOutputCol("x").fit(vectors)
        .idf().toArray();
    List<Row> vocab = warehouse.read(Tables.VOCABULARY).where(col("run_id").equalTo(runId))
        .orderBy("term_index").collectAsList();
    assertEquals(fitted.length, vocab.size());
    for (int i = 0; i < fitted.length; i++) {
      assertEquals(fitted[i], vocab.get(i).<Double>getAs("idf"), 1e-12,
          "idf of " + vocab.get(i).getAs("term"));
    }
    long keywords = warehouse.read(Tables.DOC_KEYWORDS).where(col("run_id").equalTo(runId))
        .count();
    assertEquals(keywords, features.keywords());
  }

  @Test
  void topicsFittedOnTheFeaturesKeptInMemoryAreTheTopicsFittedOnTheTables() {
    // the @BeforeAll run is not chained: its topics read doc_features back from the table
    assertEquals(null, features.kept());
    String chained = AnalysisRuns.start(warehouse, settings, AnalysisRuns.REFIT, null);
    RunStages stages = new RunStages(TestSpark.session(), settings, chained).chained();
    FeaturesJob.Result f = stages.features();
    assertTrue(f.kept() != null && f.kept().docFeatures().storageLevel().useMemory());
    TopicsJob.Result t = stages.topics();
    stages.flush();
    assertFalse(f.kept().docFeatures().storageLevel().useMemory(), "kept rows released");
    assertEquals(features.vocabSize(), f.vocabSize());
    assertEquals(result.docs(), t.docs());
    assertEquals(result.logPerplexity(), t.logPerplexity(), 1e-9);
    List<Row> a = topicTerms(runId);
    List<Row> b = topicTerms(chained);
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).getString(2), b.get(i).getString(2), "term of " + a.get(i));
      assertEquals(a.get(i).getDouble(3), b.get(i).getDouble(3), 1e-9, "weight of " + a.get(i));
    }
    assertEquals(0, warehouse.read(Tables.DOC_TOPICS).where(col("is_dominant"))
        .where(col("run_id").equalTo(runId)).select("paper_id", "topic_id")
        .exceptAll(warehouse.read(Tables.DOC_TOPICS).where(col("is_dominant"))
            .where(col("run_id").equalTo(chained)).select("paper_id", "topic_id")).count());
  }

  private static List<Row> topicTerms(String run) {
    return warehouse.read(Tables.TOPIC_TERMS).where(col("run_id").equalTo(run))
        .orderBy("topic_id", "rank").select("topic_id", "rank", "term", "weight").collectAsList();
  }
}
