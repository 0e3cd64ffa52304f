"""The current customer, rebuilt from the versions that customer files add.

For each field, the value from the latest live import that had one; unmapped columns merged
across files (a later file's value wins). Raw versions are never modified.
"""

from __future__ import annotations

CURRENT_CUSTOMERS = """
WITH live AS (
    SELECT v.* FROM customer_versions v
    JOIN imports i ON i.batch_id = v.batch_id AND i.undone_at IS NULL
    WHERE {which}
)
SELECT
    customer_id,
    arg_max(name, batch_id) FILTER (WHERE name IS NOT NULL) AS name,
    arg_max(email, batch_id) FILTER (WHERE email IS NOT NULL) AS email,
    arg_max(segment, batch_id) FILTER (WHERE segment IS NOT NULL) AS segment,
    arg_max(plan, batch_id) FILTER (WHERE plan IS NOT NULL) AS plan,
    arg_max(region, batch_id) FILTER (WHERE region IS NOT NULL) AS region,
    arg_max(signup_date, batch_id) FILTER (WHERE signup_date IS NOT NULL) AS signup_date,
    arg_max(mrr, batch_id) FILTER (WHERE mrr IS NOT NULL) AS mrr,
    coalesce(arg_max(churned, batch_id) FILTER (WHERE churned IS NOT NULL), false) AS churned,
    CASE WHEN coalesce(arg_max(churned, batch_id) FILTER (WHERE churned IS NOT NULL), false)
         THEN 'churned' ELSE 'active' END AS status,
    arg_max(churn_date, batch_id) FILTER (WHERE churn_date IS NOT NULL) AS churn_date,
    arg_max(churn_reason, batch_id) FILTER (WHERE churn_reason IS NOT NULL) AS churn_reason,
    -- a later file's value wins; an empty cell (null) is no value, however many files there are
    json_merge_patch('{{}}', list_reduce(list(extra ORDER BY batch_id), lambda a, b: json_merge_patch(a, b))) AS extra
FROM live
GROUP BY customer_id
"""
TOUCHED = "customer_id IN (SELECT customer_id FROM hb_touched)"


def rebuild_customers(con, batch_id: int) -> None:
    """Recompute the current record of the customers `batch_id` touched; call it inside the
    batch's transaction."""
    con.execute("CREATE OR REPLACE TEMP TABLE hb_touched AS SELECT DISTINCT customer_id "
                "FROM customer_versions WHERE batch_id = ?", [batch_id])
    con.execute(f"DELETE FROM customers WHERE {TOUCHED}")
    con.execute("INSERT INTO customers " + CURRENT_CUSTOMERS.format(which=TOUCHED))
    con.execute("DROP TABLE temp.hb_touched")
