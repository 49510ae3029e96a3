from airflow import BaseOperator


class PythonOperator(BaseOperator):
    pass


class BranchPythonOperator(BaseOperator):
    pass
