"""Synthetic agencies of every kind, with plausible names, regions and levels.

Names are assembled from ``resources/synth/places.csv`` (real provinces,
prefectures and counties with the province's GB/T 2260 code) and
``resources/synth/agencies.txt`` (department names). Each agency also has the
name variants its reports print in different years (管委会 / 管理委员会, with or
without the prefecture), which the panel issue must resolve.

Examples
--------
>>> import random
>>> a = sample_agency(random.Random(0), "county_government")
>>> a.level, a.kind, a.name.endswith("人民政府")
('county', 'government', True)
"""
from __future__ import annotations

import csv
import hashlib
import random
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

#: agency kinds and their share of a generated corpus
KIND_SHARES: dict[str, float] = {
    "central_department": 0.03, "provincial_government": 0.02, "provincial_department": 0.10,
    "prefectural_government": 0.05, "prefectural_department": 0.20, "county_government": 0.10,
    "county_department": 0.30, "zone": 0.05, "township": 0.15,
}


@dataclass(frozen=True)
class Agency:
    """A synthetic agency.

    ``name`` is the canonical full name; ``variants`` the forms printed in
    report titles (the first is the usual one); ``self_ref`` how its reports
    refer to it (我局, 我区 …); ``upper`` the superior it reports to.
    """

    agency_id: str
    name: str
    variants: tuple[str, ...]
    level: str
    kind: str
    province: str | None
    province_code: str | None
    prefecture: str | None
    county: str | None
    self_ref: str
    upper: str
    domain: str


@dataclass(frozen=True)
class Place:
    province: str
    province_code: str
    prefecture: str
    counties: tuple[str, ...]


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    """Province/prefecture/county rows of ``places.csv``."""
    text = resources.files("govtext.resources").joinpath("synth/places.csv").read_text(encoding="utf-8")
    return tuple(Place(r["province"], r["province_code"], r["prefecture"], tuple(r["counties"].split("|")))
                 for r in csv.DictReader(text.splitlines()))


@lru_cache(maxsize=1)
def name_lists() -> dict[str, tuple[str, ...]]:
    """The ``[section]`` lists of ``agencies.txt``."""
    text = resources.files("govtext.resources").joinpath("synth/agencies.txt").read_text(encoding="utf-8")
    out: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = line.strip("[]")
            out[current] = []
        else:
            out[current].append(line)
    return {k: tuple(v) for k, v in out.items()}


def _split(item: str) -> tuple[str, str]:
    name, _, self_ref = item.partition("|")
    return name, self_ref or "本机关"


def _agency_id(name: str) -> str:
    return "A" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]


def _domain(rng: random.Random) -> str:
    return "www." + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 8))) + ".gov.cn"


def _make(name: str, variants: list[str], level: str, kind: str, place: Place | None, county: str | None,
          self_ref: str, upper: str, rng: random.Random) -> Agency:
    return Agency(
        agency_id=_agency_id(name), name=name, variants=tuple(dict.fromkeys([name, *variants])), level=level, kind=kind,
        province=place.province if place else None, province_code=place.province_code if place else None,
        prefecture=(place.prefecture or None) if place else None, county=county, self_ref=self_ref, upper=upper,
        domain=_domain(rng),
    )


def _prefix(place: Place, county: str | None = None) -> str:
    """The region prefix of a local agency name (municipalities have no prefecture)."""
    base = place.prefecture or place.province
    return base + (county or "")


def sample_agency(rng: random.Random, kind: str, *, blended: bool = False) -> Agency:
    """One agency of ``kind`` (a key of :data:`KIND_SHARES`).

    With ``blended``, a township's name joins the first character of one
    town stem to the last of another (城关 + 白马 -> 城马镇): about 150,000
    townships, for corpora larger than the named agencies allow.

    Examples
    --------
    >>> a = sample_agency(random.Random(1), "township", blended=True)
    >>> a.kind in ("government", "subdistrict"), len(a.name) > 4
    (True, True)
    """
    lists = name_lists()
    place = rng.choice(places())
    county = rng.choice(place.counties)
    region = place.prefecture or place.province
    if kind == "central_department":
        name, self_ref = _split(rng.choice(lists["central"]))
        return _make(name, [f"中华人民共和国{name}"] if name.endswith("部") else [], "central", "department", None, None,
                     self_ref, "国务院办公厅", rng)
    if kind == "provincial_government":
        name = f"{place.province}人民政府"
        return _make(name, [f"{place.province}政府"], "provincial", "government", place, None, "我省" if place.province.endswith("省") else "我市", "国务院办公厅", rng)
    if kind == "provincial_department":
        dept, self_ref = _split(rng.choice(lists["provincial_department"]))
        if place.province.endswith("市"):
            dept = dept.replace("厅", "局").replace("人民政府办公局", "人民政府办公厅")
            self_ref = self_ref.replace("厅", "局")
        name = place.province + dept
        return _make(name, [], "provincial", "department", place, None, self_ref, f"{place.province}人民政府办公厅", rng)
    if kind.startswith("prefectural") and not place.prefecture:
        # a municipality's own departments are provincial-level
        kind = "provincial_government" if kind.endswith("government") else "provincial_department"
        return sample_agency(rng, kind)
    if kind == "prefectural_government":
        name = f"{place.prefecture}人民政府"
        return _make(name, [], "prefectural", "government", place, None, "我市", f"{place.province}人民政府办公厅", rng)
    if kind == "prefectural_department":
        dept, self_ref = _split(rng.choice(lists["local_department"]))
        name = region + dept
        return _make(name, [], "prefectural", "department", place, None, self_ref, f"{region}人民政府办公室", rng)
    if kind == "county_government":
        name = f"{_prefix(place, county)}人民政府"
        short = f"{county}人民政府"
        return _make(short, [name], "county", "government", place, county, "我" + county[-1], f"{region}人民政府办公室", rng)
    if kind == "county_department":
        dept, self_ref = _split(rng.choice(lists["local_department"]))
        name = county + dept
        return _make(name, [f"{_prefix(place, county)}{dept}"], "county", "department", place, county, self_ref,
                     f"{county}人民政府办公室", rng)
    if kind == "zone":
        zone = rng.choice(lists["zone"])
        short = dict(z.split("=") for z in lists["zone_short"])[zone]
        stem = region.removesuffix("市")
        name = f"{stem}{zone}管理委员会"
        return _make(name, [f"{stem}{zone}管委会", f"{stem}{short}管委会", f"{stem}{zone}"], "county", "zone", place, None,
                     "我区", f"{region}人民政府办公室", rng)
    if kind == "township":
        stem = rng.choice(lists["town_stem"])
        if blended:
            stem = stem[0] + rng.choice(lists["town_stem"])[-1]
        if rng.random() < 0.4:
            name = f"{county}{stem}街道办事处"
            return _make(name, [f"{stem}街道办事处", f"{county}{stem}街道"], "township", "subdistrict", place, county,
                         "我街道", f"{county}人民政府办公室", rng)
        name = f"{county}{stem}镇人民政府"
        return _make(name, [f"{stem}镇人民政府"], "township", "government", place, county, "我镇",
                     f"{county}人民政府办公室", rng)
    raise ValueError(f"unknown agency kind {kind!r}; choose one of {sorted(KIND_SHARES)}")


def sample_kind(rng: random.Random) -> str:
    """An agency kind drawn with :data:`KIND_SHARES`."""
    kinds = sorted(KIND_SHARES)
    return rng.choices(kinds, weights=[KIND_SHARES[k] for k in kinds])[0]
