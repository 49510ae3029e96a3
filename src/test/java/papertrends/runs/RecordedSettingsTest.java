package papertrends.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papertrends.config.Settings;
import papertrends.testing.TestSpark;

/**
 * A rerun takes the settings its run recorded; an option the run's code did not have yet takes
 * the behaviour that code had, not today's default, so older runs still rerun exactly.
 */
class RecordedSettingsTest {
  @TempDir
  Path dir;

  static String without(Settings s, String... keys) {
    com.typesafe.config.Config c = ConfigFactory.parseString(s.json());
    for (String k : keys) {
      c = c.withoutPath(k);
    }
    return c.root().render(ConfigRenderOptions.concise());
  }

  @Test
  void optionsARunDidNotRecordTakeItsCodesBehaviour() {
    Settings current = TestSpark.settings(dir.resolve("wh"), "topics.k=7");
    assertTrue(current.topics().warmDocTopics() && current.topics().batchUpdates());
    // recorded before both options existed
    Settings old = Replay.recordedSettings(without(current, "topics.warm-doc-topics",
        "topics.batch-updates"), current);
    assertFalse(old.topics().warmDocTopics());
    assertFalse(old.topics().batchUpdates());
    assertEquals(7, old.topics().k());
    // recorded after batch-updates came, before warm-doc-topics
    Settings mid = Replay.recordedSettings(without(current, "topics.warm-doc-topics"), current);
    assertTrue(mid.topics().batchUpdates());
    assertFalse(mid.topics().warmDocTopics());
    // recorded before inference: the variational E-step, whatever today's default
    assertEquals("means", current.topics().inference());
    Settings vb = Replay.recordedSettings(without(current, "topics.inference"), current);
    assertEquals("vb", vb.topics().inference());
    assertTrue(vb.topics().warmDocTopics());
    // recorded with all three: as recorded
    Settings now = Replay.recordedSettings(without(current), current);
    assertTrue(now.topics().warmDocTopics() && now.topics().batchUpdates());
    assertEquals("means", now.topics().inference());
    Settings off = Replay.recordedSettings(without(TestSpark.settings(dir.resolve("wh"),
        "topics.warm-doc-topics=false")), current);
    assertFalse(off.topics().warmDocTopics());
  }
}
