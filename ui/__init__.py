"""The app's own building blocks, shared by app.py and every page in pages/.

- `shell`: leaving Streamlit's pages-folder mode, the app's menu, the demo banner, enrichment;
- `session`: the workspace connection (a cursor per run) and the user's choices (slice, min n,
  masking, quote order);
- `cached`: every figure, quote list and table a page reads, cached on (workspace version, args);
- `filters`: the sidebar filter bar that every figure and quote follows;
- `text`: customer text made inert (`plain`) and masked when the switch is on (`masked`);
- `stories`: a headline tile, the story beside it, and the one way a quote is drawn;
- `charts`: a clickable chart that reports the point clicked;
- `exports`: the deck and brief buttons;
- `notices`: what a page says when the data it needs is missing.

Pages compose these with `analytics` calls; no SQL, statistics or wording of figures lives here.
"""
