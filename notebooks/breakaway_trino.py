"""Race history from Trino's HTTP API, as pandas DataFrames (for the notebooks).

Settings come from the environment: TRINO_URL (http://127.0.0.1:8080), TRINO_USER (analyst),
TRINO_CATALOG and TRINO_SCHEMA (breakaway). Values go into a query as parameters of Trino's
EXECUTE IMMEDIATE ... USING, never pasted into the SQL text.
"""
import os

import pandas as pd
import requests


def settings():
    return {
        "url": os.environ.get("TRINO_URL", "http://127.0.0.1:8080").rstrip("/"),
        "user": os.environ.get("TRINO_USER", "analyst"),
        "catalog": os.environ.get("TRINO_CATALOG", "breakaway"),
        "schema": os.environ.get("TRINO_SCHEMA", "breakaway"),
    }


def _literal(value):
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def query(sql, *parameters, timeout_s=120):
    """Runs a query (with ? parameters) and returns its rows as a DataFrame."""
    s = settings()
    if parameters:
        sql = "EXECUTE IMMEDIATE " + _literal(sql) + " USING " + ", ".join(
            _literal(p) for p in parameters)
    headers = {
        "X-Trino-User": s["user"],
        "X-Trino-Catalog": s["catalog"],
        "X-Trino-Schema": s["schema"],
        "X-Trino-Source": "breakaway-notebook",
    }
    page = requests.post(s["url"] + "/v1/statement", data=sql.encode("utf-8"),
                         headers=headers, timeout=timeout_s)
    page.raise_for_status()
    body = page.json()
    columns, rows = None, []
    while True:
        if "error" in body:
            raise RuntimeError("Trino: " + body["error"].get("message", str(body["error"])))
        if columns is None and "columns" in body:
            columns = [c["name"] for c in body["columns"]]
        rows.extend(body.get("data", []))
        next_uri = body.get("nextUri")
        if not next_uri:
            break
        body = requests.get(next_uri, headers=headers, timeout=timeout_s).json()
    return pd.DataFrame(rows, columns=columns)


def plots_dir():
    """Where the notebooks save their plots (PLOTS_DIR, else notebooks/plots)."""
    path = os.environ.get("PLOTS_DIR") or os.path.join(os.getcwd(), "plots")
    os.makedirs(path, exist_ok=True)
    return path
