"""PaperTrends on Airflow: one SparkSubmitOperator task per job, with retries.

ingest >> features >> topics >> trends >> publish, daily. Each task runs the same application
jar with `papertrends.cli.Main <job>`; the Spark connection (`spark_default`: master, deploy mode,
queue) and the config file come from Airflow Variables, not from edits of this file:

  papertrends_jar      path or URL of target/papertrends-0.1.0.jar (default below)
  papertrends_config   path of the config file the driver reads (conf/prod.conf)
  papertrends_landing  the landing folder ingest reads
  papertrends_conf     JSON object of extra spark-submit --conf properties

A failed task is retried; a run left `running` by a killed driver is marked failed by the next
`features` task, which starts a new run. `features` starts the run, the later tasks continue the
newest running run (the `--run` option), so a retried `trends` continues the same run.
For the all-in-one job with the incremental policy, use the single `pipeline` task instead
(set papertrends_single_task=true).
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAR = Variable.get("papertrends_jar", default_var="/opt/papertrends/target/papertrends-0.1.0.jar")
CONFIG = Variable.get("papertrends_config", default_var="/opt/papertrends/conf/local.conf")
LANDING = Variable.get("papertrends_landing", default_var="/data/landing")
CONF = json.loads(Variable.get("papertrends_conf", default_var="{}"))
SINGLE = Variable.get("papertrends_single_task", default_var="false") == "true"

default_args = {
    "owner": "data",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
    "execution_timeout": timedelta(hours=3),
}


def job(name: str, *args: str) -> SparkSubmitOperator:
    """One PaperTrends job as a spark-submit of the application jar."""
    return SparkSubmitOperator(
        task_id=name,
        conn_id="spark_default",
        application=JAR,
        java_class="papertrends.cli.Main",
        name=f"papertrends {name}",
        application_args=[name, "--config", CONFIG, *args],
        conf={"spark.sql.session.timeZone": "UTC", **CONF},
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
    if SINGLE:
        job("pipeline", "--input", LANDING, "--snapshot-date", "{{ ds }}")
    else:
        ingest = job("ingest", "--input", LANDING, "--snapshot-date", "{{ ds }}")
        features = job("features")
        topics = job("topics")
        trends = job("trends")
        publish = job("publish")
        ingest >> features >> topics >> trends >> publish
