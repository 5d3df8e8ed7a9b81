"""A synthetic campaign of any size, built in memory as the loader would build it (for benchmarks)."""
from __future__ import annotations

import datetime as dt

import numpy as np

from generator.model import COLUMNS, Campaign, Settings, table

KINDS = ("company", "project", "commercial", "renewal")


def synthetic_campaign(units: int = 1000, indicators: int = 8, months: int = 12, seed: int = 7) -> Campaign:
    rng = np.random.default_rng(seed)
    year = 2022
    month_ids = [f"{year}-{m:02d}" for m in range(1, 13)]
    settings = Settings(name="合成赛马", organisation="合成集团", year=year, language="zh", as_of=None,
                        deadline_day=10, review_every_months=2, met_percent=100.0, warning_percent=90.0,
                        far_off_ratio=10.0, repeat_min=100.0, file="campaign.yaml")
    area_ids = [f"area{a}" for a in range(4)]
    indicator_ids = [f"ind{i}" for i in range(indicators)]
    unit_ids = [f"u{u:04d}" for u in range(units)]
    rows = {name: [] for name in COLUMNS}
    src = {"file": "x.yaml", "line": 1}
    rows["areas"] = [{"id": a, "name": a, "order": i, **src} for i, a in enumerate(area_ids)]
    rows["indicators"] = [{"id": i, "name": i, "area": area_ids[n % 4], "unit": "万元", "kind": "quantity",
                           "negative": False, **src} for n, i in enumerate(indicator_ids)]
    rows["units"] = [{"id": u, "name": u, "kind": KINDS[n % 4], "owners": "x", "leader": "x", **src}
                     for n, u in enumerate(unit_ids)]
    rows["headline"] = [{"indicator": indicator_ids[0], "target": 1.0, "label": "x", **src}]
    monthly = rng.integers(50, 150, size=(units, indicators, 12)).astype(float)
    actual = monthly * rng.uniform(0.6, 1.3, size=monthly.shape)
    for u, unit in enumerate(unit_ids):
        for i, indicator in enumerate(indicator_ids):
            rows["target_entries"].append({"unit": unit, "indicator": indicator, "year": year,
                                           "annual": monthly[u, i].sum(), "has_monthly": True, "has_tasks": False,
                                           **src})
            for m, month in enumerate(month_ids):
                rows["targets"].append({"unit": unit, "indicator": indicator, "month": month,
                                        "target": monthly[u, i, m], **src})
                if m < months:
                    rows["actuals"].append({"unit": unit, "indicator": indicator, "month": month,
                                            "amount": round(actual[u, i, m], 1), "amount_given": True,
                                            "has_done": False, "cause": "x", "countermeasure": "x", "note": None,
                                            **src})
        for m, month in enumerate(month_ids[:months]):
            rows["submissions"].append({"unit": unit, "month": month,
                                        "submitted": dt.date(year + (m == 11), (m + 1) % 12 + 1, 5 + u % 8), **src})
    tables = {name: table(name, items) for name, items in rows.items()}
    return Campaign(settings, tables, frozenset({"units", "indicators"}))
