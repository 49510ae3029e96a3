package papertrends.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import papertrends.runs.RunRegistry;
import papertrends.testing.TestSpark;

/**
 * The Airflow DAG, loaded by Python with a stand-in for the few Airflow names it uses (Airflow is
 * not installed here): its first task makes the run id, every later Spark task passes it with
 * --run, dates come from the DAG run, a cleared old day reruns as of that day, and bi follows
 * publish with the DuckDB driver on its class path.
 */
class AirflowDagTest {
  static JsonNode describe() throws Exception {
    Path project = TestSpark.projectDir();
    Path stub = project.resolve("src/test/resources/airflow-stub");
    ProcessBuilder pb = new ProcessBuilder("python3", stub.resolve("describe_dag.py").toString(),
        project.resolve("jobs/airflow/papertrends_dag.py").toString()).redirectErrorStream(true);
    pb.environment().put("PYTHONPATH", stub.toString());
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "the DAG file loads: " + out);
    return new ObjectMapper().readTree(out);
  }

  @Test
  void everyStageTaskContinuesTheRunTheFirstTaskMade() throws Exception {
    JsonNode dag = describe();
    JsonNode tasks = dag.get("tasks");
    assertEquals("today", tasks.get("run_id").get("downstream").get(0).asText());
    String runArg = "{{ ti.xcom_pull(task_ids='run_id') }}";
    for (String stage : List.of("features", "topics", "trends", "publish")) {
      List<String> args = args(tasks.get(stage));
      assertEquals(stage, args.get(0));
      int i = args.indexOf("--run");
      assertTrue(i > 0 && args.get(i + 1).equals(runArg), stage + " passes --run: " + args);
    }
    // the chain: ingest >> features >> topics >> trends >> publish
    assertEquals("features", tasks.get("ingest").get("downstream").get(0).asText());
    assertEquals("topics", tasks.get("features").get("downstream").get(0).asText());
    assertEquals("trends", tasks.get("topics").get("downstream").get(0).asText());
    assertEquals("publish", tasks.get("trends").get("downstream").get(0).asText());
    // then the DuckDB file for BI tools, with the driver on the driver's class path only
    assertEquals("bi", tasks.get("publish").get("downstream").get(0).asText());
    assertEquals(List.of("bi"), args(tasks.get("bi")).subList(0, 1));
    assertTrue(tasks.get("bi").get("driver_class_path").asText().endsWith(".jar"),
        tasks.get("bi").toString());
    assertTrue(tasks.get("publish").get("driver_class_path").isNull(), "only bi needs DuckDB");

    // the id has the jobs' own form
    String sample = RunRegistry.newRunId();
    String pattern = "r\\d{8}T\\d{6}-[0-9a-f]{6}";
    assertTrue(sample.matches(pattern), sample);
    assertTrue(dag.get("run_id").asText().matches(pattern), dag.get("run_id").asText());
  }

  @Test
  void datesComeFromTheDagRunAndAnOldDayRerunsAsOfThatDay() throws Exception {
    JsonNode dag = describe();
    List<String> ingest = args(dag.get("tasks").get("ingest"));
    assertEquals("{{ ds }}", ingest.get(ingest.indexOf("--snapshot-date") + 1));
    assertEquals("ingest", dag.get("branch_recent").asText());
    assertEquals("rerun_as_of", dag.get("branch_old").asText());
    List<String> rerun = args(dag.get("tasks").get("rerun_as_of"));
    assertEquals(List.of("rerun", "--as-of", "{{ ds }}"), List.of(rerun.get(0),
        rerun.get(rerun.indexOf("--as-of")), rerun.get(rerun.indexOf("--as-of") + 1)));
  }

  @Test
  void aSecondDagRunsTheTableUpkeepWeekly() throws Exception {
    JsonNode dag = describe();
    JsonNode maintain = dag.get("tasks").get("maintain");
    assertEquals("papertrends_maintain", maintain.get("dag").asText());
    assertEquals("maintain", args(maintain).get(0));
    assertTrue(args(maintain).contains("--config"), args(maintain).toString());
    // weekly: a fixed minute, hour and day of the week, every day of the month and month
    String[] cron = dag.get("dags").get("papertrends_maintain").get("schedule").asText()
        .split(" ");
    assertEquals(5, cron.length);
    assertTrue(cron[0].matches("\\d+") && cron[1].matches("\\d+") && cron[4].matches("[0-6]"),
        String.join(" ", cron));
    assertEquals(List.of("*", "*"), List.of(cron[2], cron[3]));
    // the daily DAG's tasks are its own, maintain is not among them
    assertEquals("papertrends", dag.get("tasks").get("publish").get("dag").asText());
    // and cron runs it weekly too, under the pipeline's lock
    String crontab = java.nio.file.Files.readString(TestSpark.projectDir()
        .resolve("jobs/crontab"));
    assertTrue(crontab.lines().anyMatch(l -> l.matches("\\d+ \\d+ \\* \\* [0-6] .*flock .*"
        + "target/\\.pipeline\\.lock jobs/papertrends maintain .*")), crontab);
  }

  static List<String> args(JsonNode task) {
    List<String> a = new ArrayList<>();
    task.get("args").forEach(n -> a.add(n.asText()));
    return a;
  }
}
