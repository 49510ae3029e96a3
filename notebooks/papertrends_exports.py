"""Reads the published exports of a PaperTrends warehouse into pandas, and draws checked charts.

Shared by the notebooks in this folder (no analysis lives only in a notebook). Needs nothing but
Debian's python3-pandas and python3-matplotlib. The warehouse is PAPERTRENDS_WAREHOUSE (a local
path or file: URI), else the project's warehouse/ next to this folder. The layout it reads
(docs/data-dictionary.md, "Exports"):

  exports/TABLE/TABLE.csv                 latest regular run of a gold table
  exports/TABLE/run_id=RUN/TABLE.csv      every exported run (Hive-style folders)
  exports/papers/papers.csv               the corpus without abstracts
  exports/model_runs/model_runs.csv       every run, its status and as_of
"""
import glob
import os

import matplotlib.pyplot as plt
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
DATES = ["period_start", "first_seen_period", "published_date", "updated_date",
         "first_seen_date", "last_seen_date"]
TIMESTAMPS = ["started_at", "finished_at"]


def warehouse_dir():
    """The warehouse folder: PAPERTRENDS_WAREHOUSE or ../warehouse."""
    w = os.environ.get("PAPERTRENDS_WAREHOUSE") or os.path.join(HERE, "..", "warehouse")
    if w.startswith("file://"):
        w = w[len("file://"):]
    elif w.startswith("file:"):
        w = w[len("file:"):]
    if "://" in w:
        raise SystemExit("PAPERTRENDS_WAREHOUSE=" + w + " is not a local folder: copy its"
                         " exports/ folder here, or use the PySpark variant of the notebook")
    w = os.path.normpath(w)
    if not os.path.isdir(os.path.join(w, "exports")):
        raise SystemExit("no exports/ under " + w + ": run `jobs/papertrends pipeline` first,"
                         " or set PAPERTRENDS_WAREHOUSE to a published warehouse")
    return w


def _read(path):
    if not os.path.exists(path):
        raise FileNotFoundError(path + " is missing: publish this warehouse's run first")
    df = pd.read_csv(path, keep_default_na=False, na_values=[""])
    for c in DATES:
        if c in df.columns:
            df[c] = pd.to_datetime(df[c])
    for c in TIMESTAMPS:
        if c in df.columns:
            df[c] = pd.to_datetime(df[c])
    return df


def table(name, run_id=None, warehouse=None):
    """A gold table of the latest regular run, or of run_id (from its run_id= folder)."""
    w = warehouse or warehouse_dir()
    folder = os.path.join(w, "exports", name)
    if run_id is not None:
        folder = os.path.join(folder, "run_id=" + run_id)
    return _read(os.path.join(folder, name + ".csv"))


def runs(warehouse=None):
    """model_runs: every run, newest first."""
    df = table("model_runs", warehouse=warehouse)
    return df.sort_values(["finished_at", "run_id"], ascending=False, na_position="last")


def exported_runs(warehouse=None):
    """Ids of the runs with a run_id= export folder of topics."""
    w = warehouse or warehouse_dir()
    found = glob.glob(os.path.join(w, "exports", "topics", "run_id=*", "topics.csv"))
    return sorted(os.path.basename(os.path.dirname(p))[len("run_id="):] for p in found)


def comparable_runs(include_as_of=False, warehouse=None):
    """Succeeded runs with exports, newest first; as_of (history) runs only when asked."""
    r = runs(warehouse)
    r = r[(r["status"] == "succeeded") & r["run_id"].isin(exported_runs(warehouse))]
    if not include_as_of:
        r = r[r["as_of"].isna()]
    return r


def papers(warehouse=None):
    """The papers export, with a date column: published, else first seen."""
    p = table("papers", warehouse=warehouse)
    p["date"] = p["published_date"].fillna(p["first_seen_date"])
    return p


def overall(trends):
    """Rows over all groups (group_key empty)."""
    return trends[trends["group_key"].isna()].copy()


def term_grid(term_trends, terms, periods, value="doc_freq"):
    """Periods x terms of a value, zeros where term_trends has no row (it is sparse)."""
    t = overall(term_trends)
    t = t[t["term"].isin(terms)]
    grid = t.pivot_table(index="period_start", columns="term", values=value, aggfunc="sum")
    return grid.reindex(index=sorted(periods), columns=list(terms)).fillna(0)


def latest_periods(trends, n):
    """The n latest period starts of a trends table (all groups)."""
    return sorted(overall(trends)["period_start"].unique())[-n:]


def check_drawn(fig):
    """Fails when an axes of the figure draws nothing (no lines, bars, patches or images)."""
    for ax in fig.axes:
        drawn = [ln for ln in ax.lines if len(ln.get_xdata()) > 0]
        drawn += [p for p in ax.patches if p.get_width() != 0 or p.get_height() != 0]
        drawn += list(ax.collections) + list(ax.images)
        if not drawn:
            raise AssertionError("chart '" + ax.get_title() + "' draws nothing")
    if not fig.axes:
        raise AssertionError("a figure without axes")


def show(fig):
    """Checks and shows a figure (labels kept inside the image by tight layout)."""
    check_drawn(fig)
    fig.tight_layout()
    plt.show()


def barh(series, title, xlabel, colors=None):
    """A horizontal bar chart of a Series, its first entry on top."""
    s = series.iloc[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(s) + 1.2))
    ax.barh([str(i) for i in s.index], s.values,
            color=None if colors is None else list(colors)[::-1])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    show(fig)
