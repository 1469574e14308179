#!/usr/bin/env python3
"""expected/sector_platform_months.csv from the hand list of posts in EXPECTED.md: for every
sector of sectors.csv and every platform of the run, each month from the run's first (2022-10)
to its last (2024-12): adopters (first post on the platform in or before the month), active
orgs (a post that month) and posts."""
import os
# (org, sector, platform, month) of each post, from EXPECTED.md.
POSTS = [
    ("riverclinic", "public", "twitter", "2022-10"), ("riverclinic", "public", "twitter", "2022-11"),
    ("riverclinic", "public", "twitter", "2022-11"), ("riverclinic", "public", "mastodon", "2022-11"),
    ("riverclinic", "public", "mastodon", "2022-12"), ("cityzoo", "public", "twitter", "2023-01"),
    ("riverclinic", "public", "bluesky", "2024-11"), ("riverclinic", "public", "bluesky", "2024-11"),
    ("oakfund", "nonprofit", "bluesky", "2024-12"),
]
months = [f"{y}-{m:02d}" for y in range(2022, 2025) for m in range(1, 13)]
months = [m for m in months if "2022-10" <= m <= "2024-12"]
rows = ["sector,platform,month,adopters,active_orgs,posts"]
for sector in ["commercial", "nonprofit", "other", "public"]:
    for platform in ["bluesky", "mastodon", "twitter"]:
        mine = [p for p in POSTS if p[1] == sector and p[2] == platform]
        first = {}
        for org, _, _, month in mine: first[org] = min(first.get(org, month), month)
        for month in months:
            adopters = sum(1 for m in first.values() if m <= month)
            active = len({p[0] for p in mine if p[3] == month})
            posts = sum(1 for p in mine if p[3] == month)
            rows.append(f"{sector},{platform},{month},{adopters},{active},{posts}")
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "expected", "sector_platform_months.csv"), "w") as f:
    f.write("\n".join(rows) + "\n")
