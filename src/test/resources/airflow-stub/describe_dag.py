"""Loads a DAG file with the Airflow stand-in and prints its tasks as JSON, with what the branch
task chooses for a data interval that ended 2 hours ago and one that ended 10 days ago."""
import json
import runpy
import sys
from datetime import datetime, timedelta, timezone

import airflow

ns = runpy.run_path(sys.argv[1])
now = datetime.now(timezone.utc)
out = {
    "tasks": {
        t.task_id: {
            "kind": type(t).__name__,
            "args": t.kwargs.get("application_args"),
            "application": t.kwargs.get("application"),
            "driver_class_path": t.kwargs.get("driver_class_path"),
            "downstream": t.downstream,
            "dag": t.dag_id,
        }
        for t in airflow.TASKS.values()
    },
    "dags": {d.dag_id: {"schedule": d.kwargs.get("schedule")} for d in airflow.DAGS.values()},
    "run_id": ns["new_run_id"](),
    "branch_recent": ns["today_or_old"](data_interval_end=now - timedelta(hours=2)),
    "branch_old": ns["today_or_old"](data_interval_end=now - timedelta(days=10)),
}
print(json.dumps(out))
