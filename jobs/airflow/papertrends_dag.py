"""PaperTrends on Airflow: one SparkSubmitOperator task per stage of one analysis run, with retries.

    run_id >> today? ─┬─ ingest >> features >> topics >> trends >> publish >> bi   (the day's run)
                      └─ rerun_as_of                                                (an old day, cleared)

The first task, `run_id`, creates the run's id and every later task gets it as `--run RUN_ID`
(from XCom), so a task that died (a scheduler timeout, a lost driver) is retried on the same run:
the stage is redone, its partial rows replaced, and the run goes on. `features --run RUN_ID`
starts the run under that id, the later tasks continue it. `bi` then builds the DuckDB file of
the exports for BI tools (exports/papertrends.duckdb), with the DuckDB JDBC driver on the
driver's class path only (it is not in the application jar).

Dates come from the DAG run, never from the clock: ingest records the landing files under the
run's logical date (`--snapshot-date {{ ds }}`). Clearing the DAG run of an old day re-runs that
day as it was (`rerun --as-of {{ ds }}`: the papers as of that date), not today's landing files
under an old date; `today?` tells the two apart (the data interval ended less than
`papertrends_current_hours` ago, 36 by default).

A second DAG, `papertrends_maintain`, runs the table upkeep weekly (Sundays 04:00 UTC):
`jobs/papertrends maintain` prunes the runs older than papertrends.maintain.keep-runs-days (not
the latest run, models in use or runs in papertrends.maintain.keep), then OPTIMIZEs and VACUUMs
every table; it is scheduled after the daily 02:30 run, and overlapping one is safe (Delta
isolates the commits; a conflicting one is retried).

Airflow Variables set the rest, not edits of this file:

  papertrends_jar      path or URL of the application jar (target/papertrends-<version>.jar)
  papertrends_config   path of the config file the driver reads (conf/prod.conf)
  papertrends_landing  the landing folder ingest reads
  papertrends_conf     JSON object of extra spark-submit --conf properties
  papertrends_bi_jars  the DuckDB JDBC jar on the driver host, for the bi task (lib/bi/ of a deployed copy)
  papertrends_current_hours  how old a data interval may be and still ingest (default 36)
"""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone

from airflow import DAG
from airflow.models import Variable
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

try:  # Airflow 3
    from airflow.providers.standard.operators.python import BranchPythonOperator, PythonOperator
except ImportError:  # Airflow 2
    from airflow.operators.python import BranchPythonOperator, PythonOperator

JAR = Variable.get("papertrends_jar", default_var="/opt/papertrends/lib/papertrends.jar")
CONFIG = Variable.get("papertrends_config", default_var="/opt/papertrends/conf/prod.conf")
LANDING = Variable.get("papertrends_landing", default_var="/data/landing")
CONF = json.loads(Variable.get("papertrends_conf", default_var="{}"))
CURRENT_HOURS = float(Variable.get("papertrends_current_hours", default_var="36"))
BI_JARS = Variable.get("papertrends_bi_jars",
                       default_var="/opt/papertrends/lib/bi/duckdb_jdbc-1.5.2.0.jar")

RUN = "{{ ti.xcom_pull(task_ids='run_id') }}"

default_args = {
    "owner": "data",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
    "execution_timeout": timedelta(hours=3),
}


def new_run_id() -> str:
    """A new PaperTrends run id, in the form the jobs give their own: r20261126T171500-1a2b3c."""
    now = datetime.now(timezone.utc)
    return "r" + now.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]


def today_or_old(data_interval_end=None, **_) -> str:
    """The day's run ingests; a cleared old DAG run reruns that day as of its date."""
    age = datetime.now(timezone.utc) - data_interval_end
    return "ingest" if age <= timedelta(hours=CURRENT_HOURS) else "rerun_as_of"


def job(name: str, *args: str, task_id: str | None = None,
        driver_class_path: str | None = None) -> SparkSubmitOperator:
    """One PaperTrends job as a spark-submit of the application jar."""
    return SparkSubmitOperator(
        task_id=task_id or name,
        conn_id="spark_default",
        application=JAR,
        java_class="papertrends.cli.Main",
        name=f"papertrends {name}",
        application_args=[name, "--config", CONFIG, *args],
        conf={"spark.sql.session.timeZone": "UTC", **CONF},
        driver_class_path=driver_class_path,
        verbose=False,
    )


with DAG(
    dag_id="papertrends",
    description="Paper abstracts to Delta topic and trend tables",
    schedule="30 2 * * *",
    start_date=datetime(2026, 1, 1),
    catchup=False,  # history is replayed with `jobs/papertrends backfill`, not by Airflow
    max_active_runs=1,
    default_args=default_args,
    tags=["papertrends", "spark"],
) as dag:
    run_id = PythonOperator(task_id="run_id", python_callable=new_run_id, retries=0)
    today = BranchPythonOperator(task_id="today", python_callable=today_or_old)
    ingest = job("ingest", "--input", LANDING, "--snapshot-date", "{{ ds }}")
    features = job("features", "--run", RUN)
    topics = job("topics", "--run", RUN)
    trends = job("trends", "--run", RUN)
    publish = job("publish", "--run", RUN)
    bi = job("bi", driver_class_path=BI_JARS)
    rerun = job("rerun", "--as-of", "{{ ds }}", task_id="rerun_as_of")
    run_id >> today >> [ingest, rerun]
    ingest >> features >> topics >> trends >> publish >> bi


with DAG(
    dag_id="papertrends_maintain",
    description="PaperTrends table upkeep: prune old runs, OPTIMIZE, VACUUM",
    schedule="0 4 * * 0",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    tags=["papertrends", "spark", "maintenance"],
) as maintain_dag:
    job("maintain")
