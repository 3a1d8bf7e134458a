"""Analytics of the entity graph against an independent computation from SPARQL; GraphML, GEXF; `miggraph path`."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict, deque
from functools import cache
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from _sparql import PREFIXES
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from miggraph import analyze
from miggraph.cli import main
from miggraph.config import DEFAULT_BASE, MIG, Settings

ROOT = Path(__file__).resolve().parents[1]
BASE = DEFAULT_BASE + "id/"
NARY = "mig:Membership mig:Role mig:RatificationStatus mig:Passage"


class KB:
    """What the entity graph should be, computed with SPARQL over the Turtle export and the ontology."""

    def __init__(self, out: Path) -> None:
        self.store = ox.Store()
        self.store.load(path=str(out / "miggraph.ttl"), format=ox.RdfFormat.TURTLE)
        self.store.load(path=str(out / "ontology.ttl"), format=ox.RdfFormat.TURTLE)
        rows = self.select(f"""SELECT DISTINCT ?e ?c WHERE {{
            ?e a ?c . FILTER(STRSTARTS(STR(?e), "{BASE}") && STRSTARTS(STR(?c), STR(mig:))) }}""")
        nary = {c for (c,) in self.select(f"SELECT DISTINCT ?c WHERE {{ ?c rdfs:subClassOf* ?x VALUES ?x {{ {NARY} }} }}")}
        excluded = {e for e, c in rows if c in nary}
        excluded |= {e for (e,) in self.select("SELECT DISTINCT ?e WHERE { ?e prov:wasGeneratedBy ?activity }")}
        self.cls = {e: c.removeprefix(str(MIG)) for e, c in rows if e not in excluded}
        self.entities = set(self.cls)
        triples = self.select("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?o) && ?p != rdf:type) }")
        direct = {(s, o, p) for s, p, o in triples if s in self.entities and o in self.entities}
        members = self.select("SELECT DISTINCT ?x ?g WHERE { ?m a mig:Membership ; mig:member ?x ; mig:group ?g }")
        posts = self.select("SELECT DISTINCT ?h ?o WHERE { ?r a mig:Role ; mig:holder ?h ; mig:roleIn ?o }")
        derived = {(x, g, "memberOf") for x, g in members} | {(h, o, "postIn") for h, o in posts}
        self.edges = direct | {e for e in derived if e[0] in self.entities and e[1] in self.entities}

    def select(self, query: str) -> list[tuple[str, ...]]:
        result = self.store.query(PREFIXES + query)
        names = [v.value for v in result.variables]
        return [tuple(row[n].value if row[n] is not None else "" for n in names) for row in result]

    def subclasses(self, root: str) -> set[str]:
        return {c for (c,) in self.select(f"SELECT DISTINCT ?c WHERE {{ ?c rdfs:subClassOf* mig:{root} }}")}

    def of_class(self, root: str) -> set[str]:
        classes = {c.removeprefix(str(MIG)) for c in self.subclasses(root)}
        return {e for e, c in self.cls.items() if c in classes}

    def edges_among(self, nodes: set[str]) -> set[tuple[str, str, str]]:
        return {e for e in self.edges if e[0] in nodes and e[1] in nodes}

    def neighbours(self) -> dict[str, set[str]]:
        adj: dict[str, set[str]] = defaultdict(set)
        for s, o, _ in self.edges:
            if s != o:
                adj[s].add(o)
                adj[o].add(s)
        return adj


@cache
def knowledge(out: Path) -> KB:
    return KB(out)


@pytest.fixture
def kb(built: Path) -> KB:
    return knowledge(built)


@pytest.fixture(scope="module")
def analytics(built: Path) -> list[dict[str, str]]:
    with (built / "analytics.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_analytics_cover_every_entity_with_label_and_class(analytics, kb):
    assert {r["iri"] for r in analytics} == kb.entities
    labels = dict(kb.select("SELECT ?e ?l WHERE { ?e rdfs:label ?l }"))
    for row in analytics:
        assert row["class"] == kb.cls[row["iri"]]
        assert row["label"] == labels[row["iri"]]
    assert [r["iri"] for r in analytics] == sorted(r["iri"] for r in analytics)


def test_degrees_agree_with_sparql(analytics, kb):
    out_deg = Counter(s for s, _, _ in kb.edges)
    in_deg = Counter(o for _, o, _ in kb.edges)
    assert sum(out_deg.values()) > 1000  # the real graph, not an empty one
    for row in analytics:
        e = row["iri"]
        assert (int(row["out_degree"]), int(row["in_degree"]), int(row["degree"])) == (out_deg[e], in_deg[e], out_deg[e] + in_deg[e]), e


def test_pagerank_betweenness_and_communities_agree_with_an_independent_graph(analytics, kb):
    weighted = nx.DiGraph()
    weighted.add_nodes_from(kb.entities)
    for s, o, _ in kb.edges:
        weighted.add_edge(s, o, weight=weighted.get_edge_data(s, o, {"weight": 0})["weight"] + 1)
    pagerank = nx.pagerank(weighted, weight="weight")
    undirected = nx.Graph()
    undirected.add_nodes_from(kb.entities)
    undirected.add_edges_from((s, o) for s, o, _ in kb.edges if s != o)
    betweenness = nx.betweenness_centrality(undirected)
    for row in analytics:
        assert float(row["pagerank"]) == pytest.approx(pagerank[row["iri"]], abs=1e-6)
        assert float(row["betweenness"]) == pytest.approx(betweenness[row["iri"]], abs=1e-6)
    # communities: a partition of the entities, numbered by size, each community connected
    groups: dict[int, set[str]] = defaultdict(set)
    for row in analytics:
        groups[int(row["community"])].add(row["iri"])
    sizes = [len(groups[i]) for i in range(len(groups))]
    assert sizes == sorted(sizes, reverse=True) and len(groups) > 1
    for members in groups.values():
        assert nx.is_connected(undirected.subgraph(members))
    # the graph's hubs rank first: the top entity by PageRank has more relations than the median
    top = max(analytics, key=lambda r: float(r["pagerank"]))
    assert int(top["degree"]) > sorted(int(r["degree"]) for r in analytics)[len(analytics) // 2]


def test_analytics_json_matches_csv(built, analytics, kb):
    doc = json.loads((built / "analytics.json").read_text(encoding="utf-8"))
    assert doc["graph"]["nodes"] == len(kb.entities) and doc["graph"]["edges"] == len(kb.edges)
    assert [e["iri"] for e in doc["entities"]] == [r["iri"] for r in analytics]
    for entry, row in zip(doc["entities"], analytics, strict=True):
        assert str(entry["degree"]) == row["degree"] and str(entry["community"]) == row["community"]
        assert entry["pagerank"] == pytest.approx(float(row["pagerank"]))


def test_graphml_and_gexf_hold_the_entity_graph(built, kb):
    for name, reader in (("miggraph.graphml", nx.read_graphml), ("miggraph.gexf", nx.read_gexf)):
        g = reader(built / name)
        assert g.number_of_nodes() == len(kb.entities), name
        assert g.number_of_edges() == len(kb.edges), name
        labels = dict(kb.select("SELECT ?e ?l WHERE { ?e rdfs:label ?l }"))
        assert {n: d["label"] for n, d in g.nodes(data=True)} == {e: labels[e] for e in kb.entities}, name
    assert not re.search(r"lastmodifieddate", (built / "miggraph.gexf").read_text(encoding="utf-8"))


def _bfs_distance(adj: dict[str, set[str]], a: str, b: str) -> int:
    seen, todo = {a: 0}, deque([a])
    while todo:
        x = todo.popleft()
        if x == b:
            return seen[x]
        for y in adj[x]:
            if y not in seen:
                seen[y] = seen[x] + 1
                todo.append(y)
    raise AssertionError("not connected")


def test_path_command_explains_a_shortest_path_relation_by_relation(built, kb):
    a, b = BASE + "resolution/60-227", BASE + "org/iom"
    assert {a, b} <= kb.entities
    result = CliRunner().invoke(main, ["path", "resolution/60-227", "IOM", "--graph", str(built / "miggraph.nt")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    steps = [re.match(r"  (<--(.+)--|--(.+)-->) .*\[\w+, ([\w/-]+)\]$", line) for line in lines[1:-1]]
    assert all(steps), lines
    assert len(steps) == _bfs_distance(kb.neighbours(), a, b)
    labels = {label: p for p, label in kb.select("SELECT ?p ?l WHERE { ?p rdfs:label ?l }")}
    labels.update({"member of": "memberOf", "holds a post in": "postIn"})
    current = a
    for m in steps:
        nxt = BASE + m.group(4)
        forward = m.group(3) is not None
        relation = labels[m.group(3) or m.group(2)]
        expected = (current, nxt, relation) if forward else (nxt, current, relation)
        assert expected in kb.edges, expected
        current = nxt
    assert current == b


def _small_graph() -> Graph:
    g = Graph()
    ids = {}
    for slug, cls, label in [("org/a", "Organization", "Alpha"), ("org/b", "Organization", "Alpha"),
                             ("org/c", "UNEntity", "Gamma"), ("process/d", "ConsultativeProcess", "Delta")]:
        ids[slug] = URIRef(BASE + slug)
        g.add((ids[slug], RDF.type, MIG[cls]))
        g.add((ids[slug], RDFS.label, Literal(label, lang="en")))
    g.add((ids["org/c"], MIG.acronym, Literal("GAM")))
    g.add((ids["process/d"], MIG.organizedBy, ids["org/c"]))
    g.add((ids["org/a"], MIG.succeeds, ids["org/c"]))
    return g


def test_path_names_unknown_and_ambiguous_entities_clearly():
    settings = Settings.default(ROOT)
    g = analyze.entity_graph(_small_graph(), settings)
    with pytest.raises(analyze.EntityNotFound, match="ambiguous.*\n.*org/a.*\n.*org/b"):
        analyze.explain_path(g, "Alpha", "GAM", BASE)
    with pytest.raises(analyze.EntityNotFound, match="no entity is named 'Omega'"):
        analyze.explain_path(g, "Omega", "GAM", BASE)
    text = analyze.explain_path(g, "org/a", "delta", BASE)
    assert text.splitlines() == [
        "Alpha [Organization, org/a]",
        "  --succeeds--> Gamma (GAM) [UNEntity, org/c]",
        "  <--organized by-- Delta [ConsultativeProcess, process/d]",
        "2 relation(s)",
    ]
    with pytest.raises(nx.NetworkXNoPath):
        analyze.explain_path(g, "org/b", "GAM", BASE)


def test_provenance_nodes_only_when_asked_for():
    settings = Settings.default(ROOT)
    graph = _small_graph()
    member, group = URIRef(BASE + "org/a"), URIRef(BASE + "org/c")
    m, st, passage = URIRef(BASE + "membership/c-a"), URIRef(BASE + "statement/x"), URIRef(BASE + "passage/p")
    graph.add((m, RDF.type, MIG.Membership))
    graph.add((m, MIG.member, member))
    graph.add((m, MIG.group, group))
    graph.add((m, MIG.asOf, Literal("2008")))
    graph.add((passage, RDF.type, MIG.Passage))
    graph.add((st, RDF.type, RDF.Statement))
    graph.add((st, RDF.subject, member))
    graph.add((st, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), passage))
    core = analyze.entity_graph(graph, settings)
    assert set(core.nodes) == {BASE + k for k in ("org/a", "org/b", "org/c", "process/d")}
    assert core.get_edge_data(str(member), str(group))["memberOf"]["asOf"] == "2008"
    full = analyze.entity_graph(graph, settings, include_provenance=True)
    assert {str(m), str(st), str(passage)} <= set(full.nodes)
    assert full.has_edge(str(m), str(member), key="member") and full.has_edge(str(st), str(passage), key="prov:wasDerivedFrom")
    assert not full.has_edge(str(member), str(group), key="memberOf")
