package papertrends.config;

import com.typesafe.config.Config;
import java.util.List;

/**
 * Settings of the topics stage (papertrends.topics). k is null when it is chosen from
 * kCandidates; docConcentration and topicConcentration are null for the optimizer's defaults.
 */
public record TopicSettings(Integer k, List<Integer> kCandidates, String optimizer, long seed,
    int maxIterations, Double docConcentration, Double topicConcentration,
    boolean optimizeDocConcentration, double subsamplingRate, double learningOffset,
    double learningDecay, int minBatchDocs, int checkpointInterval, double docTopicThreshold,
    int termsPerTopic, double stableIdMinSimilarity, double heldoutShare,
    int perplexitySampleDocs, double perplexityTolerance, int progressEvery,
    int fitPartitions, double labelLambda, double convergenceTolerance, int minIterations,
    int restarts, int restartIterations, boolean batchUpdates, boolean warmDocTopics, int warmDocTopicsAfter,
    String inference) {
  static TopicSettings from(Config c) {
    Integer k = c.getIsNull("k") ? null : c.getInt("k");
    String opt = c.getString("optimizer");
    if (!opt.equals("online") && !opt.equals("em")) {
      throw new UsageException("papertrends.topics.optimizer must be online or em, got " + opt);
    }
    List<Integer> cands = List.copyOf(c.getIntList("k-candidates"));
    if (k != null && k < 2 || cands.stream().anyMatch(x -> x < 2)
        || k == null && cands.isEmpty()) {
      throw new UsageException("papertrends.topics.k (or every k-candidates entry) must be at"
          + " least 2");
    }
    TopicSettings s = new TopicSettings(k, cands, opt, c.getLong("seed"),
        c.getInt("max-iterations"),
        c.getIsNull("doc-concentration") ? null : c.getDouble("doc-concentration"),
        c.getIsNull("topic-concentration") ? null : c.getDouble("topic-concentration"),
        c.getBoolean("optimize-doc-concentration"), c.getDouble("subsampling-rate"),
        c.getDouble("learning-offset"), c.getDouble("learning-decay"),
        c.getInt("min-batch-docs"), c.getInt("checkpoint-interval"),
        c.getDouble("doc-topic-threshold"), c.getInt("terms-per-topic"),
        c.getDouble("stable-id-min-similarity"), c.getDouble("heldout-share"),
        c.getInt("perplexity-sample-docs"), c.getDouble("perplexity-tolerance"),
        c.getInt("progress-every"), c.getInt("fit-partitions"), c.getDouble("label-lambda"),
        c.getDouble("convergence-tolerance"), c.getInt("min-iterations"), c.getInt("restarts"),
        c.getInt("restart-iterations"), c.getBoolean("batch-updates"),
        c.getBoolean("warm-doc-topics"), c.getInt("warm-doc-topics-after"),
        c.getString("inference"));
    if (s.subsamplingRate <= 0 || s.subsamplingRate > 1) {
      throw new UsageException("papertrends.topics.subsampling-rate must be in (0, 1]");
    }
    if (s.learningDecay <= 0.5 || s.learningDecay > 1) {
      throw new UsageException("papertrends.topics.learning-decay must be in (0.5, 1]");
    }
    if (s.convergenceTolerance < 0 || s.minIterations < 1) {
      throw new UsageException("papertrends.topics: convergence-tolerance must be at least 0"
          + " and min-iterations at least 1");
    }
    if (s.labelLambda < 0 || s.labelLambda > 1) {
      throw new UsageException("papertrends.topics.label-lambda must be in [0, 1]");
    }
    if (s.fitPartitions < 1) {
      throw new UsageException("papertrends.topics.fit-partitions must be at least 1");
    }
    if (s.maxIterations < 1 || s.termsPerTopic < 10) {
      throw new UsageException("papertrends.topics: max-iterations must be at least 1 and"
          + " terms-per-topic at least 10");
    }
    if (s.warmDocTopicsAfter < 0) {
      throw new UsageException("papertrends.topics.warm-doc-topics-after must be at least 0");
    }
    if (!s.inference.equals("vb") && !s.inference.equals("means")) {
      throw new UsageException("papertrends.topics.inference must be vb or means, got "
          + s.inference);
    }
    if (s.restarts < 1 || s.restartIterations < 1) {
      throw new UsageException("papertrends.topics: restarts and restart-iterations must be at"
          + " least 1");
    }
    return s;
  }

  /**
   * These settings for one short start of the fit: another seed and exactly iterations
   * iterations (no convergence stop before them).
   */
  public TopicSettings shortStart(long startSeed, int iterations) {
    return new TopicSettings(k, kCandidates, optimizer, startSeed, iterations, docConcentration,
        topicConcentration, optimizeDocConcentration, subsamplingRate, learningOffset,
        learningDecay, minBatchDocs, checkpointInterval, docTopicThreshold, termsPerTopic,
        stableIdMinSimilarity, heldoutShare, perplexitySampleDocs, perplexityTolerance,
        progressEvery, fitPartitions, labelLambda, convergenceTolerance, iterations, restarts,
        restartIterations, batchUpdates, warmDocTopics, warmDocTopicsAfter, inference);
  }
}
