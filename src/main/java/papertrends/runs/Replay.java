package papertrends.runs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import papertrends.config.Settings;
import papertrends.config.UsageException;
import papertrends.io.Tables;
import papertrends.io.Warehouse;
import papertrends.util.Progress;

/**
 * History: exact replays of a recorded run, runs on the corpus as of a date, a Delta version or
 * a timestamp, and backfills (one as-of run per step). Each is a new run with its own run id;
 * model_runs.as_of says which point of history it analysed, so such runs never count as the
 * pipeline's latest analysis of the current corpus.
 */
public final class Replay {
  public static final String AS_OF_DATE = "date:";
  public static final String AS_OF_VERSION = "version:";
  public static final String AS_OF_TIMESTAMP = "timestamp:";
  public static final String AS_OF_RUN = "run:";

  private final SparkSession spark;
  private final Settings settings;
  private final Warehouse warehouse;
  private final RunHistory history;

  public Replay(SparkSession spark, Settings settings) {
    this.spark = spark;
    this.settings = historySettings(settings);
    this.warehouse = new Warehouse(spark, settings);
    this.history = new RunHistory(warehouse);
  }

  /**
   * Replays a run exactly: papers at its recorded Delta version (and as-of filter), its recorded
   * config (so its seed and k), its mode and pinned model.
   */
  public AnalysisRun.Outcome rerun(String runId) {
    ModelRun orig = history.get(runId).orElseThrow(() ->
        new UsageException("no run " + runId + " in model_runs (jobs/papertrends runs lists them)"));
    if (orig.pruned()) {
      throw new UsageException(Maintenance.prunedLine(orig));
    }
    Long version = orig.papersVersion();
    if (version == null) {
      throw new UsageException("run " + runId + " recorded no papers version: cannot replay it");
    }
    Settings recorded = historySettings(recordedSettings(orig.config(), settings));
    String asOf = orig.asOf();
    Dataset<Row> papers = warehouse.readVersion(Tables.PAPERS, version);
    if (asOf != null && asOf.startsWith(AS_OF_DATE)) {
      papers = papers.where(upTo(LocalDate.parse(asOf.substring(AS_OF_DATE.length()))));
    }
    String mode = orig.mode();
    String model = orig.modelRunId();
    RefitPolicy.Decision d = RefitPolicy.PINNED.equals(mode) && model != null
        ? new RefitPolicy.Decision(RefitPolicy.PINNED, "replay of run " + runId, model)
        : new RefitPolicy.Decision(RefitPolicy.REFIT, "replay of run " + runId, null);
    AnalysisRun.Spec spec = new AnalysisRun.Spec(papers, version,
        asOf != null ? asOf : AS_OF_RUN + runId, d, false, runId, null);
    return new AnalysisRun(spark, recorded).run(RunRegistry.newRunId(), spec);
  }

  /** A refit on the papers published (or, undated, first seen) up to a date. */
  public AnalysisRun.Outcome asOfDate(LocalDate date) {
    return asOfDate(date, false);
  }

  /**
   * The papers published (or, undated, first seen) up to a date, refitted, or (pinned) scored
   * with the model that was current on that date: the newest succeeded refit of the current
   * corpus that had finished by then.
   */
  public AnalysisRun.Outcome asOfDate(LocalDate date, boolean pinned) {
    long v = currentVersion();
    Dataset<Row> papers = warehouse.readVersion(Tables.PAPERS, v).where(upTo(date));
    if (!pinned) {
      return refitOn(papers, v, AS_OF_DATE + date, "as of " + date);
    }
    String model = history.modelCurrentOn(date).map(ModelRun::runId)
        .orElseThrow(() -> new UsageException("no refit run had succeeded by " + date
            + ": no model was current then (rerun --as-of without --pinned refits)"));
    RefitPolicy.Decision d = new RefitPolicy.Decision(RefitPolicy.PINNED, "as of " + date
        + " with the model of run " + model + ", current then", model);
    return new AnalysisRun(spark, settings).run(RunRegistry.newRunId(),
        new AnalysisRun.Spec(papers, v, AS_OF_DATE + date, d, false));
  }

  /** A refit on the papers table at a Delta version. */
  public AnalysisRun.Outcome asOfVersion(long version) {
    long current = currentVersion();
    if (version < 0 || version > current) {
      throw new UsageException("papers has versions 0 to " + current + ", not " + version);
    }
    return refitOn(warehouse.readVersion(Tables.PAPERS, version), version,
        AS_OF_VERSION + version, "papers version " + version);
  }

  /** A refit on the papers table as it was at a timestamp (the last commit at or before it). */
  public AnalysisRun.Outcome asOfTimestamp(String timestamp) {
    currentVersion();
    Row r = warehouse.delta(Tables.PAPERS).history()
        .where(col("timestamp").leq(lit(timestamp).cast("timestamp"))).agg(max("version"))
        .first();
    if (r.isNullAt(0)) {
      throw new UsageException("papers has no version at or before " + timestamp);
    }
    long v = r.getLong(0);
    return refitOn(warehouse.readVersion(Tables.PAPERS, v), v, AS_OF_TIMESTAMP + timestamp,
        "papers as of " + timestamp + " (version " + v + ")");
  }

  /**
   * Replays the schedule: one run per step from `from` to `to`, each on the papers as of the
   * step's date, refitting or pinning as the pipeline policy says between steps. Steps with
   * fewer than minDocs papers are skipped (an early corpus too small for a vocabulary).
   */
  public List<AnalysisRun.Outcome> backfill(LocalDate from, LocalDate to, String every,
      int minDocs) {
    if (to.isBefore(from)) {
      throw new UsageException("--to " + to + " is before --from " + from);
    }
    long v = currentVersion();
    List<AnalysisRun.Outcome> out = new ArrayList<>();
    String modelRun = null;
    LocalDate modelDate = null;
    for (LocalDate d : steps(from, to, every)) {
      Dataset<Row> papers = warehouse.readVersion(Tables.PAPERS, v).where(upTo(d));
      long n = papers.count();
      if (n < minDocs) {
        Progress.info("backfill", d + ": " + n + " paper(s) (< " + minDocs + "), step skipped");
        continue;
      }
      RefitPolicy.Decision dec = RefitPolicy.decide(settings.pipeline(), modelRun, modelDate, d,
          false, false);
      Progress.info("backfill", d + ": " + n + " papers, " + dec.mode());
      AnalysisRun.Outcome o = new AnalysisRun(spark, settings).run(RunRegistry.newRunId(),
          new AnalysisRun.Spec(papers, v, AS_OF_DATE + d, dec, true));
      if (RefitPolicy.REFIT.equals(o.mode())) {
        modelRun = o.runId();
        modelDate = d;
      }
      out.add(o);
    }
    return out;
  }

  /** The step dates from `from` to `to` (inclusive) every day, week, month or year. */
  public static List<LocalDate> steps(LocalDate from, LocalDate to, String every) {
    List<LocalDate> out = new ArrayList<>();
    for (int i = 0; ; i++) {
      LocalDate d = switch (every) {
        case "day" -> from.plusDays(i);
        case "week" -> from.plusWeeks(i);
        case "month" -> from.plusMonths(i);
        case "year" -> from.plusYears(i);
        default -> throw new UsageException("--every must be day, week, month or year, got "
            + every);
      };
      if (d.isAfter(to)) {
        return out;
      }
      out.add(d);
    }
  }

  /** Papers published up to the date; undated papers by the day they were first seen. */
  public static Column upTo(LocalDate date) {
    Column d = lit(java.sql.Date.valueOf(date));
    return col("published_date").leq(d)
        .or(col("published_date").isNull().and(col("first_seen_date").leq(d)));
  }

  /**
   * Keys added after runs were first recorded, each with the value that gives the behaviour of
   * a run recorded without it (its code had no such option), so such a run still reruns
   * exactly instead of taking today's default.
   */
  static final Map<String, Object> UNRECORDED = Map.of(
      // before 3f516b8: MLlib's blended updates
      "topics.batch-updates", false,
      // before 2026-12-07: MLlib's E-step, a fresh random γ every pass
      "topics.warm-doc-topics", false,
      // before 2026-12-07, later: the variational E-step in the kept-γ passes
      "topics.inference", "vb");

  /**
   * The settings a run recorded (its config JSON), with the current warehouse and home, so a
   * replay reads and writes this warehouse; keys it did not record (UNRECORDED) take the
   * behaviour its code had.
   */
  public static Settings recordedSettings(String configJson, Settings current) {
    if (configJson == null) {
      throw new UsageException("the run recorded no config: cannot replay it");
    }
    Config recorded = ConfigFactory.parseString(configJson);
    for (Map.Entry<String, Object> k : UNRECORDED.entrySet()) {
      if (!recorded.hasPath(k.getKey())) {
        recorded = recorded.withValue(k.getKey(), ConfigValueFactory.fromAnyRef(k.getValue()));
      }
    }
    recorded = recorded
        .withValue("warehouse", ConfigValueFactory.fromAnyRef(current.warehouse()))
        .withValue("home", ConfigValueFactory.fromAnyRef(current.home()))
        .atPath("papertrends");
    Config reference = ConfigFactory.parseString(current.json()).atPath("papertrends");
    return Settings.from(recorded.withFallback(reference).resolve());
  }

  /**
   * The settings of a history run: publish writes no exports and no report, which belong to
   * the latest run of the current corpus.
   */
  static Settings historySettings(Settings s) {
    Config c = ConfigFactory.parseString(s.json())
        .withValue("publish.exports", ConfigValueFactory.fromAnyRef(false))
        .withValue("publish.report", ConfigValueFactory.fromAnyRef(false));
    return Settings.from(c.atPath("papertrends"));
  }

  private AnalysisRun.Outcome refitOn(Dataset<Row> papers, long version, String asOf,
      String what) {
    RefitPolicy.Decision d = new RefitPolicy.Decision(RefitPolicy.REFIT, "refit on " + what,
        null);
    return new AnalysisRun(spark, settings).run(RunRegistry.newRunId(),
        new AnalysisRun.Spec(papers, version, asOf, d, false));
  }

  private long currentVersion() {
    if (!warehouse.exists(Tables.PAPERS)) {
      throw new UsageException("no papers table under " + warehouse.root()
          + ": run jobs/papertrends ingest first");
    }
    return warehouse.version(Tables.PAPERS);
  }
}
