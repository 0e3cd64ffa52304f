"""The command line's impact and workspace-safety commands: drivers, case, empty, snapshots, restore,
audit."""

from __future__ import annotations

import json

from analytics import workspace
from analytics.errors import InputError
from analytics.metrics import available
from analytics.voices import load_taxonomy


class Usage(Exception):
    """A choice on the command line names something that does not exist (exit 2)."""


def snapshot_command(con, args) -> int:
    """empty --yes | snapshots | restore ID | audit."""
    if args.command == "audit":
        trail = workspace.audit_trail(con, args.limit)
        if args.json:
            trail["detail"] = trail["detail"].map(json.loads)
            print(trail.to_json(orient="records", date_format="iso", force_ascii=False))
        else:
            print(trail.to_string(index=False) if len(trail) else "Nothing recorded yet.")
        return 0
    if args.command == "empty":
        if not args.yes:
            raise Usage("emptying removes every upload and the import history; run again with --yes "
                         "(a snapshot is kept: `python -m analytics snapshots`, then `restore ID`)")
        snapshot = workspace.empty(con, "emptied from the command line")
        print(f"Workspace emptied. Kept as snapshot {snapshot}: `python -m analytics restore {snapshot}` brings it back.")
        return 0
    if args.command == "restore":
        try:
            kept = workspace.restore(con, args.snapshot_id)
        except workspace.NoSuchSnapshot as err:
            raise Usage(str(err)) from None
        print(f"Snapshot {args.snapshot_id} restored."
              + (f" What was there before is kept as snapshot {kept}." if kept else ""))
        return 0
    frame = workspace.snapshots(con)
    print(frame.to_json(orient="records", date_format="iso") if args.json
          else frame.to_string(index=False) if len(frame) else "No snapshots yet.")
    return 0


def impact_command(con, args, slice_, attribute) -> int:
    """drivers | case, on `slice_`; `attribute` resolves a field name the way --filter does."""
    from analytics import impact  # scipy-heavy; only these commands need it

    if args.command == "drivers":
        rows = [row.as_dict() for row in impact.drivers(con, slice_, args.min_mentions)]
        print(json.dumps(rows) if args.json else "\n".join(
            f"{r['theme']:<28} mentions {r['mentions']:>6,}  impact {_shown(r['score_impact'], 2):>6}  "
            f"q {_shown(r['q'], 4)}  relative risk {_shown(r['rr'], 2)} [{_shown(r['rr_low'], 2)}–"
            f"{_shown(r['rr_high'], 2)}]  q {_shown(r['rr_q'], 4)}" for r in rows))
        return 0
    if not available(con, "churn_rate"):
        raise InputError("an investment case needs a customer file saying who churned (a churn flag or date); "
                    "this workspace has none")
    kind, _, rest = args.problem.partition(":")
    if kind == "theme" and rest:
        themes = {theme.theme_id: theme.name for theme in load_taxonomy(con)}
        if rest not in themes:
            raise Usage(f"no theme {rest!r}; themes: {', '.join(sorted(themes)) or 'none yet'}")
        problem = impact.Problem("theme", rest, None, themes[rest])
    else:
        field, _, value = args.problem.partition("=")
        if not value:
            raise Usage(f"--problem expects theme:KEY or FIELD=VALUE, got {args.problem!r}")
        problem = impact.Problem("attribute", attribute(field.strip()), value, f"{field.strip()}: {value}")
    investment = impact.Investment(args.cost, args.annual_cost, args.months_to_effect, args.effect, args.horizon,
                                   args.margin, args.discount)
    found = impact.case_summary(impact.build_case(con, "case", problem, slice_, investment))
    print(json.dumps(found, default=str) if args.json else "\n".join(f"{k}: {v}" for k, v in found.items()))
    return 0


def _shown(value: float | None, digits: int) -> str:
    return "–" if value is None else f"{value:.{digits}f}"
