"""A stand-in for the few Airflow names the PaperTrends DAG uses, so that a test can load the DAG
file without Airflow and read what each task would run (AirflowDagTest). Not Airflow."""

TASKS = {}
DAGS = {}
_CURRENT = []


class DAG:
    def __init__(self, dag_id, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs
        DAGS[dag_id] = self

    def __enter__(self):
        _CURRENT.append(self)
        return self

    def __exit__(self, *exc):
        _CURRENT.pop()
        return False


class BaseOperator:
    def __init__(self, task_id, **kwargs):
        self.task_id = task_id
        self.kwargs = kwargs
        self.downstream = []
        self.dag_id = _CURRENT[-1].dag_id if _CURRENT else None
        TASKS[task_id] = self

    def __rshift__(self, other):
        for o in other if isinstance(other, list) else [other]:
            self.downstream.append(o.task_id)
        return other

    def __rrshift__(self, other):
        for o in other if isinstance(other, list) else [other]:
            o.downstream.append(self.task_id)
        return self
