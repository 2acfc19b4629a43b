"""Merge the state table and groups into roles.json and actors.json (keeps every existing entry)."""
import json, sys
sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
from groups import (GROUPS, EXTRA_ALIASES, NEW_STATE_ACTORS, STATE_ALIASES, DYADS, POLISARIO, INTERNATIONAL, UN_BODIES)

ROOT = str(__import__("pathlib").Path(__file__).resolve().parents[2] / "ceasefire" / "data") + "/"
roles = json.load(open(ROOT + "lexicons/roles.json", encoding="utf-8"))
actors_doc = json.load(open(ROOT + "actors.json", encoding="utf-8"))
actors = actors_doc["actors"]
by_id = {a["id"]: a for a in actors}
ORIG_IDS = set(by_id)
log = []

states = []
for line in open(__import__("pathlib").Path(__file__).parent / "states.txt", encoding="utf-8"):
    line = line.rstrip("\n")
    if not line.strip() or line.startswith("#"):
        continue
    code, names, adjs, people, capital, heads = line.split("|")
    names = [n for n in names.split(";") if n]
    the = names[0].startswith("@")
    names[0] = names[0].lstrip("@")
    states.append(dict(code=code, names=names, the=the, adjs=[a for a in adjs.split(";") if a],
                       people=[p for p in people.split(";") if p], capital=capital, heads=heads))

def put(table, key, code):
    cur = roles[table].get(key)
    if cur is None:
        roles[table][key] = code
    elif cur != code:
        log.append(f"{table}: kept existing {key!r} -> {cur} (table says {code})")

# 1. countries and demonyms
for s in states:
    for n in s["names"]:
        put("countries", n, s["code"])
    for a in s["adjs"] + s["people"]:
        put("demonyms", a, s["code"])
    canon = s["names"][0]
    if "." not in canon and len(canon.split()) <= 4:
        put("demonyms", canon + ("'" if canon.endswith("s") else "'s"), s["code"])
for code, *_rest in GROUPS:
    pass
for g in GROUPS:
    for a in g[6]:
        put("demonyms", a, g[0])
put("demonyms", "Taliban", "AF")
put("demonyms", "Afghan Taliban", "AF")
for k in ("Hezbollah", "Hizbollah", "Hizbullah", "Hizballah", "Hezbollah's"):
    put("demonyms", k, "HZB")
for k in ("Polisario",):
    put("demonyms", k, "EH")
put("demonyms", "Wagner", "RU")
for k, v in {"Donetsk People's Republic": "DPR", "Luhansk People's Republic": "LPR", "Lugansk People's Republic": "LPR"}.items():
    put("countries", k, v)

# 2. actors: groups
def add_actor(a):
    if a["id"] in by_id:
        log.append(f"actor exists, not replaced: {a['id']}")
        return
    actors.append(a)
    by_id[a["id"]] = a

def actor(id_, name, side, kind, inter, acled, aliases, role, metonyms=(), note=""):
    a = {"id": id_, "name": name, "side": side, "kind": kind, "inter": inter, "acled_actor": acled,
         "aliases": list(dict.fromkeys(aliases)), "speaks_for": None, "role": role}
    if metonyms:
        a["metonyms"] = list(metonyms)
    if note:
        a["note"] = note
    return a

for code, name, kind, inter, acled, aliases, _adj, note in GROUPS:
    add_actor(actor(code, name, code, kind, inter, acled, aliases, "armed group", note=note))
pid, pside, pkind, pinter, pacled, pname, paliases, pnote = POLISARIO
add_actor(actor(pid, pname, pside, pkind, pinter, pacled, paliases, "armed group", note=pnote))
for id_, side, kind, name, acled, aliases in INTERNATIONAL:
    add_actor(actor(id_, name, side, kind, 8, acled, aliases, "international or regional organisation" if kind != "peacekeepers" else "peacekeepers"))
for id_, kind, name, aliases in UN_BODIES:
    add_actor(actor(id_, name, "UN", kind, 8, "United Nations", aliases, "peacekeeping mission" if kind == "peacekeepers" else "UN mission or agency"))
for id_, side, kind, inter, acled, name, aliases, note in NEW_STATE_ACTORS:
    add_actor(actor(id_, name, side, kind, inter, acled, aliases, {"security_service": "security or border force", "militia": "state-linked militia", "government": "regional government"}.get(kind, kind), note=note))

# 3. per-state institutions
NO_ARMY = set("AD CR DM GD IS KI LI LC MH FM MC NR PW PA WS SM SB TV VU MU".split())
GOV_ONLY = {"VA", "PS"}
SKIP_ALL = {"EH"}
SKIP = {("DE", "MFA"), ("DE", "PM"), ("GB", "MFA"), ("GB", "PM"), ("KZ", "MFA")}
ROLE_META = {
    "GOV": ("Government of {n}", "government", "government / officials in general", "Government of {n}"),
    "PRES": ("President of {n}", "government", "president / head of state office", "Government of {n}"),
    "PM": ("Prime Minister of {n}", "government", "prime minister / head of government office", "Government of {n}"),
    "MOD": ("Ministry of Defence of {n}", "ministry", "defence ministry", "Military Forces of {n}"),
    "MFA": ("Ministry of Foreign Affairs of {n}", "ministry", "foreign ministry", "Government of {n}"),
    "ARMY": ("Armed Forces of {n}", "armed_forces", "armed forces", "Military Forces of {n}"),
}
ALIAS_FORMS = {
    "GOV": ["Government of {n}", "Government of {n}"],
    "PRES": ["President of {n}", "Office of the President of {n}"],
    "PM": ["Prime Minister of {n}", "Office of the Prime Minister of {n}"],
    "MOD": ["Ministry of Defence of {n}", "Ministry of Defense of {n}"],
    "MFA": ["Ministry of Foreign Affairs of {n}", "Foreign Ministry of {n}"],
    "ARMY": ["Armed Forces of {n}", "Military of {n}"],
}
generated = 0
for s in states:
    code = s["code"]
    if code in SKIP_ALL:
        continue
    n = ("the " if s["the"] else "") + s["names"][0]
    wanted = ["GOV"] if code in GOV_ONLY else ["GOV", "MFA"] + ([] if code in NO_ARMY else ["MOD", "ARMY"])
    if code not in GOV_ONLY:
        wanted += [r for r, flag in (("PRES", "P"), ("PM", "M")) if flag in s["heads"]]
    for role in wanted:
        id_ = f"{code}-{role}"
        if id_ in by_id or (code, role) in SKIP or roles["id_aliases"].get(id_, id_) in by_id:
            continue
        name_t, kind, role_s, acled_t = ROLE_META[role]
        aliases = [f.format(n=n) for f in ALIAS_FORMS[role]]
        met = []
        taken = {x for a in actors for x in a["aliases"]}
        if role == "GOV" and s["capital"] and code not in GOV_ONLY and f"official {s['capital']}" not in taken:
            met = [f"official {s['capital']}"]
        aliases += STATE_ALIASES.get((code, role), []) + met
        add_actor(actor(id_, name_t.format(n=n), code, kind, 1, acled_t.format(n=n), aliases, role_s, met))
        generated += 1
# the Taliban's de facto government since August 2021 is coded by ACLED as Afghanistan's state forces
for a in actors:
    if a["side"] == "AF" and a["id"] not in ORIG_IDS and a["acled_actor"].endswith("of Afghanistan"):
        a["acled_actor"] += " (2021-)"
        a.setdefault("note", "the Taliban's de facto government since August 2021 (the Islamic Emirate)")
# extra aliases for existing / generated ids
for (code, role), al in STATE_ALIASES.items():
    a = by_id.get(f"{code}-{role}")
    if a is None:
        log.append(f"no actor for STATE_ALIASES {code}-{role}")
        continue
    for x in al:
        if x not in a["aliases"]:
            a["aliases"].append(x)
for id_, al in EXTRA_ALIASES.items():
    a = by_id[id_]
    for x in al:
        if x not in a["aliases"]:
            a["aliases"].append(x)

roles["id_aliases"].setdefault("EH-GOV", "EH-POLISARIO")
gov = next(r for r in roles["roles"] if r["role"] == "GOV")
for p in ["junta", "military junta", "ruling junta", "military government", "transitional government", "interim government",
          "de facto authorities", "de facto government", "health ministry", "ministry of health"]:
    if p not in gov["patterns"]:
        gov["patterns"].append(p)
# "<service> officials" names the service, not the government: role words shorter than "officials"
MORE_PATTERNS = {
    "ARMY": ["army officials", "army official", "army sources", "army officers", "air force", "air force officials",
             "navy", "naval forces", "navy officials"],
    "MOD": ["defence officials", "defense officials", "defence official", "defense official", "defence sources",
            "defense sources"],
    "MIA": ["police officials", "police official", "police sources"],
    "BORDER": ["border officials", "border official", "border guard officials", "border guard service"],
}
for entry in roles["roles"]:
    for p in MORE_PATTERNS.get(entry["role"], []):
        if p not in entry["patterns"]:
            entry["patterns"].append(p)
# 4. dyads (symmetric; existing order first)
dy = roles["dyads"]
for a, b in DYADS:
    for x, y in ((a, b), (b, a)):
        lst = dy.setdefault(x, [])
        if y not in lst:
            lst.append(y)

roles["source"] = ("Written by the ceasefire team, 2026, from the way English-language news reports on armed conflicts name "
    "officials, institutions and groups (our own wording and judgement; no third-party list copied). Country names, alternates "
    "and demonyms cover every UN member and observer state plus Kosovo, Taiwan and Western Sahara (ISO 3166 alpha-2), "
    "compiled by the team from general knowledge of English usage; non-state armed groups and dyads likewise.")
roles["note"] = roles["note"].split(" Demonyms, country names and dyads for other")[0] + (
    " 'demonyms' hold, per state, the adjective and the plural noun for its people ('Indian', 'Indians'), the canonical "
    "name's possessive ('India's'; other possessives are derived from 'countries' at lookup), and the names of non-state "
    "armed groups as they are used attributively ('Hamas', 'Houthi', 'Pakistani Taliban' -> their group code). Ethnic and "
    "language words that are no state's demonym ('Kurdish', 'Tamil', 'Khmer', 'English') and people nouns that are "
    "ordinary words or given names ('Pole', 'Dane', 'Finn') are deliberately absent. 'countries' hold official and common "
    "alternate names ('Burma', 'Ivory Coast', 'DR Congo', 'Türkiye'); 'Congo' alone is the Democratic Republic of the Congo. "
    "Non-state parties use short upper-case codes that are never two letters (HZB Hezbollah, HAM Hamas, TTP, DPR, LPR, HOU "
    "Houthis, ISIS, M23, ...; see actors.json); de facto authorities keep their own code (NK) or the territory's ISO code when "
    "it has one (EH for the Polisario Front). The Taliban are Afghanistan's de facto government since 2021 (AF); the Pakistani "
    "Taliban are TTP. 'dyads' list state-state and state-group conflicts, symmetric, with each side's primary opponent first; "
    "third parties that mostly mediate (the United States, the EU) have none.")
json.dump(roles, open(ROOT + "lexicons/roles.json", "w", encoding="utf-8"), indent=1, ensure_ascii=False)
open(ROOT + "lexicons/roles.json", "a").write("\n")
actors_doc["source"] = actors_doc["source"].split(" Per-state institutions")[0] + (
    " Per-state institutions: every UN member and observer state plus Kosovo and Taiwan has generated rows <SIDE>-GOV, "
    "<SIDE>-MFA, <SIDE>-MOD, <SIDE>-ARMY (not for states without armed forces) and <SIDE>-PRES / <SIDE>-PM where the office "
    "exists, named 'Government of X', 'Military Forces of X' in ACLED's convention without regime years (add them before "
    "comparing with ACLED), with formal 'of X' aliases and 'official <capital>' metonyms; bare capital names are not aliases "
    "for these states because a capital is often where an incident happens and an alias is never a place. Named institutions "
    "whose names carry no demonym (ISPR, Tsahal, BSF, Frontier Corps, Tatmadaw, FARDC, UPDF, MONUSCO, ...) are aliases of "
    "their institution; acronyms that name different bodies in different states (IAF, DGMO, SNA) or are ordinary words and "
    "sources (AFP, KIA, PDF, AA, Rangers) are not listed. Non-state armed groups (kind rebel or militia, inter 2-4) carry "
    "their own side code; ACLED actor names of groups are our best reading of ACLED's list, to be checked.")
json.dump(actors_doc, open(ROOT + "actors.json", "w", encoding="utf-8"), indent=1, ensure_ascii=False)
open(ROOT + "actors.json", "a").write("\n")
print("generated per-state rows:", generated, "actors:", len(actors), "demonyms:", len(roles["demonyms"]),
      "countries:", len(roles["countries"]), "dyad sides:", len(dy))
print("\n".join(log))
