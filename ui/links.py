"""Links between pages that carry their subject in the URL."""

from __future__ import annotations

from urllib.parse import quote

CUSTOMER_PAGE = "customer"  # url path app.py registers pages/customer.py under


def customer_url(customer_id: str) -> str:
    """Relative link to one customer's page: 'customer?customer=<url-encoded id>'. Relative, so it
    works under any server base path; every character of the id is encoded (safe in markdown)."""
    return f"{CUSTOMER_PAGE}?customer={quote(str(customer_id), safe='')}"
