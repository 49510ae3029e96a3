"""Executes notebooks top to bottom in Jupyter's python3 kernel (nbclient) and checks them.

Usage: /usr/bin/python3 execute.py [--no-chart-check] OUT_DIR NOTEBOOK...
Writes each executed notebook to OUT_DIR. Exit 1 with one line per problem when a cell fails
or (unless --no-chart-check: a warehouse where some charts have nothing to draw, such as one
run only) a code cell tagged "chart" shows no image; the warehouse is PAPERTRENDS_WAREHOUSE.
"""
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def images(cell):
    return sum(1 for o in cell.get("outputs", []) if "image/png" in o.get("data", {}))


def main(out_dir, paths, chart_check=True):
    problems = []
    for path in paths:
        name = os.path.basename(path)
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, kernel_name="python3", timeout=600,
                                resources={"metadata": {"path": os.path.dirname(path)}})
        try:
            client.execute()
        except CellExecutionError as e:
            problems.append(name + ": a cell failed: " + str(e).strip().splitlines()[-1])
        nbformat.write(nb, os.path.join(out_dir, name))
        charts = 0
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            if "chart" in cell.metadata.get("tags", []):
                charts += 1
                if chart_check and images(cell) == 0:
                    problems.append("%s: chart cell %d shows no chart" % (name, i))
        print("%s: %d cells, %d charts" % (name, len(nb.cells), charts))
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    check = args[:1] != ["--no-chart-check"]
    if not check:
        args = args[1:]
    sys.exit(main(args[0], args[1:], check))
