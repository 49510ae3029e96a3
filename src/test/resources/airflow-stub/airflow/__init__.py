"""A stand-in for the few Airflow names the PaperTrends DAG uses, so that a test can load the DAG
file without Airflow and read what each task would run (AirflowDagTest). Not Airflow."""

TASKS = {}


class DAG:
    def __init__(self, dag_id, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class BaseOperator:
    def __init__(self, task_id, **kwargs):
        self.task_id = task_id
        self.kwargs = kwargs
        self.downstream = []
        TASKS[task_id] = self

    def __rshift__(self, other):
        for o in other if isinstance(other, list) else [other]:
            self.downstream.append(o.task_id)
        return other

    def __rrshift__(self, other):
        for o in other if isinstance(other, list) else [other]:
            o.downstream.append(self.task_id)
        return self
