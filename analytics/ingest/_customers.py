"""The current customer, rebuilt from the versions that customer files add.

For each field, the value from the latest live import that had one; unmapped columns merged
across files (a later file's value wins). Raw versions are never modified. A customer with one
live version (every customer of a first import) is that version as it stands, which skips the
per-field aggregation: 0.37 s of a 200,000-customer import, against 0.05 s.

`status` is NULL while no file said whether the customer left (a contact list without a churn
flag or date): churn is then unknown, never 0% (`metrics.available` reads it). `churned` stays
false for them, so every population of active customers still counts them. It is 'unknown' when
only files whose churn column left this customer's cell empty speak of them (`_rows.insert`
keeps such a blank NULL where the file's other rows say both yes and no): churn figures leave
them out, neither stayed nor left.
"""

from __future__ import annotations

# A version whose file has a churn column, its cell empty: churn unknown (a file without one says nothing)
BLANK_FLAG = "(v.churned IS NULL AND json_extract_string(i.mapping, '$.columns.churned') IS NOT NULL)"
CURRENT_CUSTOMERS = """
WITH live AS (
    SELECT v.*, {blank_flag} AS blank_flag FROM customer_versions v
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
    CASE arg_max(churned, batch_id) FILTER (WHERE churned IS NOT NULL)
         WHEN true THEN 'churned' WHEN false THEN 'active'
         ELSE CASE WHEN bool_or(blank_flag) THEN 'unknown' END END AS status,
    -- a customer a later file says is active (reactivated, renewed) has no churn date any more
    CASE WHEN arg_max(churned, batch_id) FILTER (WHERE churned IS NOT NULL) IS DISTINCT FROM false
         THEN arg_max(churn_date, batch_id) FILTER (WHERE churn_date IS NOT NULL) END AS churn_date,
    arg_max(churn_reason, batch_id) FILTER (WHERE churn_reason IS NOT NULL) AS churn_reason,
    -- a later file's value wins; an empty cell (null) is no value, however many files there are
    json_merge_patch('{{}}', list_reduce(list(extra ORDER BY batch_id), lambda a, b: json_merge_patch(a, b))) AS extra
FROM live
GROUP BY customer_id
""".replace("{blank_flag}", BLANK_FLAG)
ONE_VERSION = """
SELECT v.customer_id, v.name, v.email, v.segment, v.plan, v.region, v.signup_date, v.mrr,
       coalesce(v.churned, false),
       CASE v.churned WHEN true THEN 'churned' WHEN false THEN 'active'
            ELSE CASE WHEN {blank_flag} THEN 'unknown' END END,
       CASE WHEN v.churned IS DISTINCT FROM false THEN v.churn_date END, v.churn_reason,
       json_merge_patch('{}', v.extra)
FROM customer_versions v JOIN imports i ON i.batch_id = v.batch_id AND i.undone_at IS NULL
WHERE v.customer_id IN (SELECT customer_id FROM hb_touched WHERE versions = 1)
""".replace("{blank_flag}", BLANK_FLAG)
TOUCHED = "customer_id IN (SELECT customer_id FROM hb_touched)"
SEVERAL = "customer_id IN (SELECT customer_id FROM hb_touched WHERE versions > 1)"


def rebuild_customers(con, batch_id: int) -> None:
    """Recompute the current record of the customers `batch_id` touched; call it inside the
    batch's transaction."""
    con.execute("CREATE OR REPLACE TEMP TABLE hb_touched AS SELECT t.customer_id, count(i.batch_id) AS versions "
                "FROM (SELECT DISTINCT customer_id FROM customer_versions WHERE batch_id = ?) t "
                "LEFT JOIN customer_versions v ON v.customer_id = t.customer_id "
                "LEFT JOIN imports i ON i.batch_id = v.batch_id AND i.undone_at IS NULL "
                "GROUP BY t.customer_id", [batch_id])
    con.execute(f"DELETE FROM customers WHERE {TOUCHED}")
    con.execute("INSERT INTO customers " + ONE_VERSION)
    con.execute("INSERT INTO customers " + CURRENT_CUSTOMERS.format(which=SEVERAL))
    con.execute("DROP TABLE temp.hb_touched")
