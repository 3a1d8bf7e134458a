"""Every shape catches the mistake it is for: one small fixture graph per constraint, with a node that breaks it
and a node that keeps it. The report must name the shape, the path and the broken focus node, and must not
name the good one. All fixtures are validated together, once, as `miggraph validate` would."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef

from miggraph.config import Settings
from miggraph.validate import SH, Report, validate_graph

ROOT = Path(__file__).resolve().parents[1]

MIG = Namespace("https://w3id.org/miggraph/ontology#")
MIGSH = Namespace("https://w3id.org/miggraph/shapes#")
ID = Namespace("https://w3id.org/miggraph/id/")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
PROV = Namespace("http://www.w3.org/ns/prov#")

PREFIXES = """
@prefix mig:  <https://w3id.org/miggraph/ontology#> .
@prefix id:   <https://w3id.org/miggraph/id/> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix qb:   <http://purl.org/linked-data/cube#> .
"""


@dataclass(frozen=True)
class Case:
    name: str
    shape: str  # local name in migsh:
    path: URIRef | None
    bad: str  # local name under id/
    good: str | None
    turtle: str
    severity: URIRef = SH.Violation


CASES = [
    Case("label-missing", "EntityShape", RDFS.label, "org/no-label", "org/labelled", """
        id:org/no-label a mig:Organization .
        id:org/labelled a mig:Organization ; rdfs:label "Labelled organization"@en .
    """),
    Case("label-not-english", "EntityShape", RDFS.label, "org/french", "org/english", """
        id:org/french a mig:Organization ; rdfs:label "Organisation internationale"@fr .
        id:org/english a mig:Organization ; rdfs:label "International organization"@en .
    """),
    Case("two-labels", "EntityShape", RDFS.label, "org/two-labels", "org/one-label", """
        id:org/two-labels a mig:Organization ; rdfs:label "First"@en , "Second"@en .
        id:org/one-label a mig:Organization ; rdfs:label "Only"@en .
    """),
    Case("altlabel-language", "EntityShape", URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), "org/alt-plain", "org/alt-en", """
        id:org/alt-plain a mig:Organization ; skos:altLabel "untagged name" .
        id:org/alt-en a mig:Organization ; skos:altLabel "tagged name"@en .
    """),
    Case("acronym-too-long", "EntityShape", MIG.acronym, "org/long-acronym", "org/short-acronym", """
        id:org/long-acronym a mig:Organization ; mig:acronym "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGH" .
        id:org/short-acronym a mig:Organization ; mig:acronym "IOM" .
    """),
    Case("entity-without-source", "EntityShape", PROV.wasDerivedFrom, "person/unsourced", "person/sourced", """
        id:person/unsourced a mig:Person ; rdfs:label "Unsourced"@en .
        id:person/sourced a mig:Person ; rdfs:label "Sourced"@en ; prov:wasDerivedFrom id:passage/p-ok .
        id:passage/p-ok a mig:Passage .
    """),
    Case("entity-source-not-passage", "EntityShape", PROV.wasDerivedFrom, "person/wrong-source", None, """
        id:person/wrong-source a mig:Person ; rdfs:label "Wrong source"@en ; prov:wasDerivedFrom id:org/not-a-passage .
        id:org/not-a-passage a mig:Organization .
    """),
    Case("fact-without-provenance", "FactProvenanceShape", MIG.acronym, "org/bare-fact", "org/cited-fact", """
        id:org/bare-fact a mig:Organization ; mig:acronym "BF" .
        id:org/cited-fact a mig:Organization ; mig:acronym "CF" .
        id:statement/cf a rdf:Statement ; rdf:subject id:org/cited-fact ; rdf:predicate mig:acronym ; rdf:object "CF" ;
            prov:wasDerivedFrom id:passage/p-cf .
        id:passage/p-cf a mig:Passage .
    """),
    Case("statement-without-passage", "StatementShape", PROV.wasDerivedFrom, "statement/no-source", "statement/with-source", """
        id:org/s1 mig:acronym "S1" .
        id:statement/no-source a rdf:Statement ; rdf:subject id:org/s1 ; rdf:predicate mig:acronym ; rdf:object "S1" .
        id:statement/with-source a rdf:Statement ; rdf:subject id:org/s1 ; rdf:predicate mig:acronym ; rdf:object "S1" ;
            prov:wasDerivedFrom id:passage/p-s1 .
        id:passage/p-s1 a mig:Passage .
    """),
    Case("statement-source-not-passage", "StatementShape", PROV.wasDerivedFrom, "statement/bad-source", None, """
        id:org/s2 mig:acronym "S2" .
        id:statement/bad-source a rdf:Statement ; rdf:subject id:org/s2 ; rdf:predicate mig:acronym ; rdf:object "S2" ;
            prov:wasDerivedFrom id:org/s2 .
    """),
    Case("statement-two-subjects", "StatementShape", URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"),
         "statement/two-subjects", None, """
        id:org/s3 mig:acronym "S3" . id:org/s4 mig:acronym "S3" .
        id:statement/two-subjects a rdf:Statement ; rdf:subject id:org/s3 , id:org/s4 ; rdf:predicate mig:acronym ;
            rdf:object "S3" ; prov:wasDerivedFrom id:passage/p-s3 .
        id:passage/p-s3 a mig:Passage .
    """),
    Case("statement-not-asserted", "StatementShape", None, "statement/unasserted", "statement/asserted", """
        id:org/s5 mig:acronym "S5" .
        id:statement/unasserted a rdf:Statement ; rdf:subject id:org/s5 ; rdf:predicate mig:acronym ; rdf:object "NOT S5" ;
            prov:wasDerivedFrom id:passage/p-s5 .
        id:statement/asserted a rdf:Statement ; rdf:subject id:org/s5 ; rdf:predicate mig:acronym ; rdf:object "S5" ;
            prov:wasDerivedFrom id:passage/p-s5 .
        id:passage/p-s5 a mig:Passage .
    """),
    Case("passage-without-quote", "PassageShape", MIG.quote, "passage/no-quote", "passage/complete", """
        id:document/d1 a mig:Report .
        id:passage/no-quote a mig:Passage ; mig:inDocument id:document/d1 ; mig:paragraph "1" ;
            mig:startOffset "0"^^xsd:nonNegativeInteger ; mig:endOffset "10"^^xsd:nonNegativeInteger .
        id:passage/complete a mig:Passage ; mig:inDocument id:document/d1 ; mig:paragraph "1" ; mig:quote "ten chars!" ;
            mig:startOffset "0"^^xsd:nonNegativeInteger ; mig:endOffset "10"^^xsd:nonNegativeInteger .
    """),
    Case("passage-document-not-document", "PassageShape", MIG.inDocument, "passage/in-person", None, """
        id:person/not-a-document a mig:Person .
        id:passage/in-person a mig:Passage ; mig:inDocument id:person/not-a-document ; mig:paragraph "1" ; mig:quote "q" ;
            mig:startOffset "0"^^xsd:nonNegativeInteger ; mig:endOffset "1"^^xsd:nonNegativeInteger .
    """),
    Case("passage-offsets-reversed", "PassageShape", MIG.endOffset, "passage/reversed", None, """
        id:document/d2 a mig:Report .
        id:passage/reversed a mig:Passage ; mig:inDocument id:document/d2 ; mig:paragraph "2" ; mig:quote "q" ;
            mig:startOffset "50"^^xsd:nonNegativeInteger ; mig:endOffset "40"^^xsd:nonNegativeInteger .
    """),
    Case("passage-two-paragraphs", "PassageShape", MIG.paragraph, "passage/two-paras", None, """
        id:document/d3 a mig:Report .
        id:passage/two-paras a mig:Passage ; mig:inDocument id:document/d3 ; mig:paragraph "2" , "3" ; mig:quote "q" ;
            mig:startOffset "5"^^xsd:nonNegativeInteger ; mig:endOffset "6"^^xsd:nonNegativeInteger .
    """),
    Case("passage-in-another-paragraph", "PassageShape", MIG.paragraph, "passage/cites-12-lies-in-13", "passage/cites-12", """
        id:document/d4 a mig:Report .
        id:passage/unit-12 a mig:Passage ; mig:inDocument id:document/d4 ; mig:paragraph "12" ; mig:quote "q" ;
            mig:startOffset "0"^^xsd:nonNegativeInteger ; mig:endOffset "100"^^xsd:nonNegativeInteger .
        id:passage/unit-13 a mig:Passage ; mig:inDocument id:document/d4 ; mig:paragraph "13" ; mig:quote "q" ;
            mig:startOffset "100"^^xsd:nonNegativeInteger ; mig:endOffset "200"^^xsd:nonNegativeInteger .
        id:passage/cites-12 a mig:Passage ; mig:inDocument id:document/d4 ; mig:paragraph "12" ; mig:quote "q" ;
            mig:startOffset "10"^^xsd:nonNegativeInteger ; mig:endOffset "20"^^xsd:nonNegativeInteger ;
            <http://purl.org/dc/terms/isPartOf> id:passage/unit-12 .
        id:passage/cites-12-lies-in-13 a mig:Passage ; mig:inDocument id:document/d4 ; mig:paragraph "12" ; mig:quote "q" ;
            mig:startOffset "110"^^xsd:nonNegativeInteger ; mig:endOffset "120"^^xsd:nonNegativeInteger ;
            <http://purl.org/dc/terms/isPartOf> id:passage/unit-13 .
    """),
    Case("symbol-pattern", "DocumentShape", MIG.symbol, "document/bad-symbol", "document/good-symbol", """
        id:document/bad-symbol a mig:Report ; mig:symbol "a 63 265" .
        id:document/good-symbol a mig:Report ; mig:symbol "A/C.2/61/L.12" .
    """),
    Case("requested-by-not-resolution", "DocumentShape", MIG.requestedBy, "document/requested-by-report",
         "document/requested-by-resolution", """
        id:document/requested-by-report a mig:Report ; mig:requestedBy id:document/other-report .
        id:document/other-report a mig:Report .
        id:document/requested-by-resolution a mig:Report ; mig:requestedBy id:resolution/r1 .
        id:resolution/r1 a mig:Resolution .
    """),
    Case("undocs-link-missing", "UndocsLinkShape", RDFS.seeAlso, "document/no-link", "document/linked", """
        id:document/no-link a mig:Report ; mig:symbol "A/1/1" .
        id:document/linked a mig:Report ; mig:symbol "A/1/2" ; rdfs:seeAlso <https://undocs.org/en/A/1/2> .
    """, SH.Warning),
    Case("resolution-number-pattern", "ResolutionShape", MIG.resolutionNumber, "resolution/bad-number", "resolution/good-number", """
        id:resolution/bad-number a mig:Resolution ; mig:resolutionNumber "sixty/227" .
        id:resolution/good-number a mig:Resolution ; mig:resolutionNumber "60/227" .
    """),
    Case("resolution-without-body", "ResolutionShape", MIG.adoptedBy, "resolution/no-body", "resolution/with-body", """
        id:resolution/no-body a mig:Resolution ; mig:resolutionNumber "1/1" .
        id:resolution/with-body a mig:Resolution ; mig:resolutionNumber "1/2" ; mig:adoptedBy id:org/ga-test .
        id:org/ga-test a mig:Body .
    """, SH.Warning),
    Case("transmits-not-document", "CorrespondenceShape", MIG.transmits, "document/letter-bad", "document/letter-good", """
        id:document/letter-bad a mig:Correspondence ; mig:transmits id:person/p-transmitted .
        id:person/p-transmitted a mig:Person .
        id:document/letter-good a mig:Correspondence ; mig:transmits id:document/annexed .
        id:document/annexed a mig:Declaration .
    """),
    Case("supplements-from-convention", "ProtocolShape", None, "instrument/convention-supplementing", "instrument/protocol-ok", """
        id:instrument/convention-supplementing a mig:Convention ; mig:supplements id:instrument/main-convention .
        id:instrument/protocol-ok a mig:Protocol ; mig:supplements id:instrument/main-convention .
        id:instrument/main-convention a mig:Convention .
    """),
    Case("supplements-a-declaration", "ProtocolShape", MIG.supplements, "instrument/protocol-bad", "instrument/protocol-good", """
        id:instrument/protocol-bad a mig:Protocol ; mig:supplements id:instrument/a-declaration .
        id:instrument/a-declaration a mig:Declaration .
        id:instrument/protocol-good a mig:Protocol ; mig:supplements id:instrument/a-convention .
        id:instrument/a-convention a mig:Convention .
    """),
    Case("date-datatype", "DateShape", MIG.startDate, "meeting/string-date", "meeting/typed-date", """
        id:meeting/string-date a mig:Conference ; mig:startDate "14 September 2006" .
        id:meeting/typed-date a mig:Conference ; mig:startDate "2006-09-14"^^xsd:date .
    """),
    Case("end-before-start", "DateShape", MIG.endDate, "meeting/backwards", "meeting/forwards", """
        id:meeting/backwards a mig:Conference ; mig:startDate "2006-09-15"^^xsd:date ; mig:endDate "2006-09-14"^^xsd:date .
        id:meeting/forwards a mig:Conference ; mig:startDate "2006-09-14"^^xsd:date ; mig:endDate "2006-09"^^xsd:gYearMonth .
    """),
    Case("location-not-place", "MeetingShape", MIG.location, "meeting/located-at-org", "meeting/located-in-city", """
        id:meeting/located-at-org a mig:Conference ; mig:location id:org/venue-org .
        id:org/venue-org a mig:Organization .
        id:meeting/located-in-city a mig:Conference ; mig:location id:city/test-city .
        id:city/test-city a mig:City .
    """),
    Case("participant-count-negative", "MeetingShape", MIG.participantCount, "meeting/count-text", "meeting/count-int", """
        id:meeting/count-text a mig:Conference ; mig:participantCount "many" .
        id:meeting/count-int a mig:Conference ; mig:participantCount "127"^^xsd:nonNegativeInteger .
    """),
    Case("meeting-without-date", "MeetingShape", MIG.startDate, "meeting/undated", "meeting/dated", """
        id:meeting/undated a mig:Hearing .
        id:meeting/dated a mig:Hearing ; mig:startDate "2006"^^xsd:gYear .
    """, SH.Info),
    Case("round-table-not-part-of-meeting", "RoundTableShape", MIG.partOf, "meeting/orphan-rt", "meeting/rt-ok", """
        id:meeting/orphan-rt a mig:RoundTable .
        id:meeting/rt-ok a mig:RoundTable ; mig:partOf id:meeting/parent .
        id:meeting/parent a mig:HighLevelDialogue .
    """),
    Case("forum-meeting-outside-forum", "GlobalForumMeetingShape", MIG.partOf, "meeting/gfmd-stray", "meeting/gfmd-ok", """
        id:meeting/gfmd-stray a mig:GlobalForumMeeting ; mig:partOf id:meeting/some-meeting .
        id:meeting/some-meeting a mig:Conference .
        id:meeting/gfmd-ok a mig:GlobalForumMeeting ; mig:partOf id:process/test-forum .
        id:process/test-forum a mig:GlobalConsultativeProcess .
    """),
    Case("part-of-a-person", "PartOfShape", MIG.partOf, "programme/part-of-person", "programme/part-of-programme", """
        id:programme/part-of-person a mig:Programme ; mig:partOf id:person/whole .
        id:person/whole a mig:Person .
        id:programme/part-of-programme a mig:Programme ; mig:partOf id:programme/whole .
        id:programme/whole a mig:Programme .
    """),
    Case("follow-up-from-document", "FollowUpShape", None, "document/following-up", "meeting/following-up", """
        id:document/following-up a mig:Report ; mig:followUpTo id:meeting/followed .
        id:meeting/following-up a mig:Conference ; mig:followUpTo id:meeting/followed .
        id:meeting/followed a mig:HighLevelDialogue .
    """),
    Case("follow-up-to-document", "FollowUpShape", MIG.followUpTo, "meeting/follows-report", None, """
        id:meeting/follows-report a mig:Conference ; mig:followUpTo id:document/followed-report .
        id:document/followed-report a mig:Report .
    """),
    Case("mandated-by-report", "MandateShape", MIG.mandatedBy, "process/mandated-by-report", "process/mandated-by-resolution", """
        id:process/mandated-by-report a mig:GlobalConsultativeProcess ; mig:mandatedBy id:document/mandating-report .
        id:document/mandating-report a mig:Report .
        id:process/mandated-by-resolution a mig:GlobalConsultativeProcess ; mig:mandatedBy id:resolution/mandating .
        id:resolution/mandating a mig:Resolution .
    """),
    Case("hosted-by-a-theme", "AgentValuesShape", MIG.hostedBy, "meeting/hosted-by-theme", "meeting/hosted-by-country", """
        id:meeting/hosted-by-theme a mig:Conference ; mig:hostedBy id:theme/hosting .
        id:theme/hosting a mig:Theme .
        id:meeting/hosted-by-country a mig:Conference ; mig:hostedBy id:country/BEL .
        id:country/BEL a mig:Country .
    """),
    Case("theme-not-theme", "LinksShape", MIG.theme, "meeting/theme-is-org", "meeting/theme-ok", """
        id:meeting/theme-is-org a mig:Conference ; mig:theme id:org/as-theme .
        id:org/as-theme a mig:Organization .
        id:meeting/theme-ok a mig:Conference ; mig:theme id:theme/remittances-test .
        id:theme/remittances-test a mig:Theme .
    """),
    Case("development-focus-unknown", "RegionalConsultativeProcessShape", MIG.developmentFocus, "process/rcp-odd-focus",
         "process/rcp-ad-hoc", """
        id:process/rcp-odd-focus a mig:RegionalConsultativeProcess ; mig:developmentFocus mig:Sometimes .
        id:process/rcp-ad-hoc a mig:RegionalConsultativeProcess ; mig:developmentFocus mig:AdHocFocus .
    """),
    Case("development-focus-on-organization", "DevelopmentFocusUseShape", None, "org/focused-org", "process/rcp-focused", """
        id:org/focused-org a mig:RegionalOrganization ; mig:developmentFocus mig:SystematicFocus .
        id:process/rcp-focused a mig:RegionalConsultativeProcess ; mig:developmentFocus mig:SystematicFocus .
    """),
    Case("country-code", "CountryShape", MIG.countryCode, "country/bad-code", "country/GRC", """
        id:country/bad-code a mig:Country ; mig:countryCode "gr" ;
            owl:sameAs <http://publications.europa.eu/resource/authority/country/GRC> .
        id:country/GRC a mig:Country ; mig:countryCode "GRC" ;
            owl:sameAs <http://publications.europa.eu/resource/authority/country/GRC> .
    """),
    Case("country-without-authority", "CountryShape", URIRef("http://www.w3.org/2002/07/owl#sameAs"), "country/PHL", "country/MEX", """
        id:country/PHL a mig:Country ; mig:countryCode "PHL" .
        id:country/MEX a mig:Country ; mig:countryCode "MEX" ;
            owl:sameAs <http://publications.europa.eu/resource/authority/country/MEX> .
    """, SH.Warning),
    Case("theme-outside-scheme", "ThemeShape", URIRef("http://www.w3.org/2004/02/skos/core#inScheme"), "theme/loose", "theme/schemed", """
        id:theme/loose a mig:Theme .
        id:theme/schemed a mig:Theme ; skos:inScheme id:theme .
        id:theme a skos:ConceptScheme .
    """),
    Case("theme-two-preferred-labels", "ThemeShape", URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"), "theme/twice-named",
         "theme/named", """
        id:theme/twice-named a mig:Theme ; skos:inScheme id:theme ; skos:prefLabel "remittances"@en , "remittance flows"@en .
        id:theme/named a mig:Theme ; skos:inScheme id:theme ; skos:prefLabel "remittances"@en , "remesas"@es .
    """),
    Case("theme-without-preferred-label", "ThemeShape", URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
         "theme/unnamed", "theme/named-once", """
        id:theme/unnamed a mig:Theme ; skos:inScheme id:theme .
        id:theme/named-once a mig:Theme ; skos:inScheme id:theme ; skos:prefLabel "circular migration"@en .
    """, SH.Warning),
    Case("membership-two-members", "MembershipShape", MIG.member, "membership/two", "membership/one", """
        id:membership/two a mig:Membership ; mig:member id:org/m1 , id:org/m2 ; mig:group id:org/grp ; mig:asOf "2008"^^xsd:gYear .
        id:membership/one a mig:Membership ; mig:member id:org/m1 ; mig:group id:org/grp ; mig:asOf "2008"^^xsd:gYear .
        id:org/m1 a mig:UNEntity . id:org/m2 a mig:UNEntity . id:org/grp a mig:InterAgencyGroup .
    """),
    Case("membership-group-not-organization", "MembershipShape", MIG.group, "membership/in-theme", None, """
        id:membership/in-theme a mig:Membership ; mig:member id:org/m3 ; mig:group id:theme/grp-theme ; mig:asOf "2006"^^xsd:gYear .
        id:org/m3 a mig:UNEntity . id:theme/grp-theme a mig:Theme .
    """),
    Case("membership-undated", "MembershipShape", MIG.asOf, "membership/undated", "membership/dated", """
        id:membership/undated a mig:Membership ; mig:member id:org/m4 ; mig:group id:org/grp2 .
        id:membership/dated a mig:Membership ; mig:member id:org/m4 ; mig:group id:org/grp2 ; mig:asOf "2012"^^xsd:gYear .
        id:org/m4 a mig:UNEntity . id:org/grp2 a mig:InterAgencyGroup .
    """, SH.Warning),
    Case("role-without-holder", "RoleShape", MIG.holder, "role/vacant", "role/held", """
        id:role/vacant a mig:Role ; mig:roleName "Special Representative" .
        id:role/held a mig:Role ; mig:roleName "Special Representative" ; mig:holder id:person/holder .
        id:person/holder a mig:Person .
    """),
    Case("role-in-a-theme", "RoleShape", MIG.roleIn, "role/in-theme", "role/in-org", """
        id:role/in-theme a mig:Role ; mig:roleName "Chair" ; mig:holder id:person/holder ; mig:roleIn id:theme/role-theme .
        id:role/in-org a mig:Role ; mig:roleName "Chair" ; mig:holder id:person/holder ; mig:roleIn id:org/role-org .
        id:theme/role-theme a mig:Theme . id:org/role-org a mig:UNEntity .
    """),
    Case("ratification-count-not-integer", "RatificationStatusShape", MIG["count"], "ratification/text-count",
         "ratification/int-count", """
        id:ratification/text-count a mig:RatificationStatus ; mig:instrument id:instrument/conv ; mig:count "about 45" ;
            mig:asOf "2012-06"^^xsd:gYearMonth .
        id:ratification/int-count a mig:RatificationStatus ; mig:instrument id:instrument/conv ;
            mig:count "45"^^xsd:nonNegativeInteger ; mig:asOf "2012-06"^^xsd:gYearMonth .
        id:instrument/conv a mig:Convention .
    """),
    Case("ratification-without-instrument", "RatificationStatusShape", MIG.instrument, "ratification/of-nothing", None, """
        id:ratification/of-nothing a mig:RatificationStatus ; mig:count "45"^^xsd:nonNegativeInteger ;
            mig:asOf "2012-06"^^xsd:gYearMonth .
    """),
    Case("member-count-text", "CountsShape", MIG.memberCount, "org/count-text", "org/count-int", """
        id:org/count-text a mig:InterAgencyGroup ; mig:memberCount "sixteen" .
        id:org/count-int a mig:InterAgencyGroup ; mig:memberCount "16"^^xsd:nonNegativeInteger .
    """),
    Case("dataset-without-structure", "DataSetShape", URIRef("http://purl.org/linked-data/cube#structure"), "dataset/unstructured",
         "dataset/structured", """
        id:dataset/unstructured a qb:DataSet ; rdfs:label "Unstructured"@en .
        id:dataset/structured a qb:DataSet ; rdfs:label "Structured"@en ; qb:structure id:dsd/structured .
        id:dsd/structured a qb:DataStructureDefinition .
    """),
] + [
    # Data Cube: one small table, two rows and a total, each case breaking one thing
    Case("observation-missing-dimension", "ObservationShape", MIG.refPeriod, "obs/no-period", "obs/row-a", """
        id:dataset/t a qb:DataSet ; rdfs:label "Test table"@en ; qb:structure id:dsd/t .
        id:dsd/t a qb:DataStructureDefinition ; qb:component id:dsd/t/period , id:dsd/t/count .
        id:dsd/t/period qb:dimension mig:refPeriod .
        id:dsd/t/count qb:measure mig:recommendationCount .
        id:obs/row-a a qb:Observation ; qb:dataSet id:dataset/t ; mig:refPeriod "2007" ;
            mig:recommendationCount "9"^^xsd:nonNegativeInteger ; mig:isTotal false ; prov:wasDerivedFrom id:passage/t .
        id:obs/row-b a qb:Observation ; qb:dataSet id:dataset/t ; mig:refPeriod "2008" ;
            mig:recommendationCount "10"^^xsd:nonNegativeInteger ; mig:isTotal false ; prov:wasDerivedFrom id:passage/t .
        id:obs/total-ok a qb:Observation ; qb:dataSet id:dataset/t ; mig:refPeriod "2007-2008" ;
            mig:recommendationCount "19"^^xsd:nonNegativeInteger ; mig:isTotal true ; prov:wasDerivedFrom id:passage/t .
        id:obs/no-period a qb:Observation ; qb:dataSet id:dataset/t ;
            mig:recommendationCount "3"^^xsd:nonNegativeInteger ; mig:isTotal false ; prov:wasDerivedFrom id:passage/t .
        id:passage/t a mig:Passage .
    """),
    Case("observation-wrong-total", "ObservationShape", MIG.recommendationCount, "obs/total-wrong", "obs/total-right", """
        id:dataset/u a qb:DataSet ; rdfs:label "Test table 2"@en ; qb:structure id:dsd/u .
        id:dsd/u a qb:DataStructureDefinition ; qb:component id:dsd/u/rt , id:dsd/u/period , id:dsd/u/count .
        id:dsd/u/rt qb:dimension mig:roundTable .
        id:dsd/u/period qb:dimension mig:refPeriod .
        id:dsd/u/count qb:measure mig:recommendationCount .
        id:obs/u1 a qb:Observation ; qb:dataSet id:dataset/u ; mig:refPeriod "2007" ; mig:roundTable id:meeting/u-rt1 ;
            mig:recommendationCount "9"^^xsd:nonNegativeInteger ; mig:isTotal false ; prov:wasDerivedFrom id:passage/u .
        id:obs/u2 a qb:Observation ; qb:dataSet id:dataset/u ; mig:refPeriod "2007" ; mig:roundTable id:meeting/u-rt2 ;
            mig:recommendationCount "4"^^xsd:nonNegativeInteger ; mig:isTotal false ; prov:wasDerivedFrom id:passage/u .
        id:obs/u3 a qb:Observation ; qb:dataSet id:dataset/u ; mig:refPeriod "2008" ; mig:roundTable id:meeting/u-rt1 ;
            mig:recommendationCount "7"^^xsd:nonNegativeInteger ; mig:isTotal false ; prov:wasDerivedFrom id:passage/u .
        id:obs/total-right a qb:Observation ; qb:dataSet id:dataset/u ; mig:refPeriod "2007" ; mig:roundTable mig:AllRoundTables ;
            mig:recommendationCount "13"^^xsd:nonNegativeInteger ; mig:isTotal true ; prov:wasDerivedFrom id:passage/u .
        id:obs/total-wrong a qb:Observation ; qb:dataSet id:dataset/u ; mig:refPeriod "2007-2008" ; mig:roundTable mig:AllRoundTables ;
            mig:recommendationCount "21"^^xsd:nonNegativeInteger ; mig:isTotal true ; prov:wasDerivedFrom id:passage/u .
        id:passage/u a mig:Passage .
    """),
    Case("observation-duplicate", "ObservationShape", None, "obs/dup-1", "obs/v2", """
        id:dataset/v a qb:DataSet ; rdfs:label "Test table 3"@en ; qb:structure id:dsd/v .
        id:dsd/v a qb:DataStructureDefinition ; qb:component id:dsd/v/period , id:dsd/v/count .
        id:dsd/v/period qb:dimension mig:refPeriod .
        id:dsd/v/count qb:measure mig:followUpActionCount .
        id:obs/dup-1 a qb:Observation ; qb:dataSet id:dataset/v ; mig:refPeriod "2009" ;
            mig:followUpActionCount "5"^^xsd:nonNegativeInteger ; mig:isTotal false ; prov:wasDerivedFrom id:passage/v .
        id:obs/dup-2 a qb:Observation ; qb:dataSet id:dataset/v ; mig:refPeriod "2009" ;
            mig:followUpActionCount "6"^^xsd:nonNegativeInteger ; mig:isTotal false ; prov:wasDerivedFrom id:passage/v .
        id:obs/v2 a qb:Observation ; qb:dataSet id:dataset/v ; mig:refPeriod "2010" ;
            mig:followUpActionCount "6"^^xsd:nonNegativeInteger ; mig:isTotal false ; prov:wasDerivedFrom id:passage/v .
        id:passage/v a mig:Passage .
    """),
    Case("observation-without-source", "ObservationShape", PROV.wasDerivedFrom, "obs/unsourced", "obs/w1", """
        id:dataset/w a qb:DataSet ; rdfs:label "Test table 4"@en ; qb:structure id:dsd/w .
        id:dsd/w a qb:DataStructureDefinition ; qb:component id:dsd/w/period .
        id:dsd/w/period qb:dimension mig:refPeriod .
        id:obs/unsourced a qb:Observation ; qb:dataSet id:dataset/w ; mig:refPeriod "2011" ; mig:isTotal false .
        id:obs/w1 a qb:Observation ; qb:dataSet id:dataset/w ; mig:refPeriod "2012" ; mig:isTotal false ;
            prov:wasDerivedFrom id:passage/w .
        id:passage/w a mig:Passage .
    """),
    Case("figure-without-qualifier", "FigureShape", MIG.qualifier, "figure/unqualified", "figure/qualified", """
        id:meeting/counted a mig:Meeting ; rdfs:label "Counted meeting"@en .
        id:figure/unqualified a mig:Figure ; rdfs:label "Unqualified"@en ; mig:figureOf id:meeting/counted ;
            mig:measure "Member States represented" ; mig:figureValue 150.0 .
        id:figure/qualified a mig:Figure ; rdfs:label "Qualified"@en ; mig:figureOf id:meeting/counted ;
            mig:measure "Member States represented" ; mig:figureValue 150.0 ; mig:qualifier mig:MoreThan .
    """),
    Case("figure-between-without-upper-value", "FigureShape", None, "figure/open-range", "figure/range", """
        id:meeting/ranged a mig:Meeting ; rdfs:label "Ranged meeting"@en .
        id:figure/open-range a mig:Figure ; rdfs:label "Open range"@en ; mig:figureOf id:meeting/ranged ;
            mig:measure "Member States" ; mig:figureValue 20.0 ; mig:qualifier mig:Between .
        id:figure/range a mig:Figure ; rdfs:label "Range"@en ; mig:figureOf id:meeting/ranged ;
            mig:measure "Member States" ; mig:figureValue 20.0 ; mig:upperValue 30.0 ; mig:qualifier mig:Between .
    """),
    Case("body-organizes-a-meeting", "BodyHoldsShape", MIG.organizedBy, "meeting/held", "meeting/organized", """
        id:org/assembly a mig:Body ; rdfs:label "Test Assembly"@en .
        id:org/division a mig:UNEntity ; rdfs:label "Test Division"@en .
        id:meeting/held a mig:HighLevelDialogue ; rdfs:label "Held dialogue"@en ; mig:organizedBy id:org/assembly .
        id:meeting/organized a mig:HighLevelDialogue ; rdfs:label "Organized dialogue"@en ; mig:convenedBy id:org/assembly ;
            mig:organizedBy id:org/division .
    """),
    Case("region-within-a-non-region", "RegionHierarchyShape", MIG.withinRegion, "region/inner", "region/inner-ok", """
        id:region/outer a mig:Region ; rdfs:label "Outer"@en .
        id:org/not-a-region a mig:Organization ; rdfs:label "Not a region"@en .
        id:region/inner a mig:Region ; rdfs:label "Inner"@en ; mig:withinRegion id:org/not-a-region .
        id:region/inner-ok a mig:Region ; rdfs:label "Inner ok"@en ; mig:withinRegion id:region/outer .
    """),    Case("draft-adopted-as-a-non-resolution", "DraftResolutionShape", MIG.adoptedAs, "document/draft-bad", "document/draft-ok", """
        id:resolution/61-208 a mig:Resolution ; rdfs:label "Resolution 61/208"@en ; mig:resolutionNumber "61/208" .
        id:document/report a mig:Report ; rdfs:label "A report"@en .
        id:document/draft-bad a mig:DraftResolution ; rdfs:label "Draft adopted as a report"@en ; mig:adoptedAs id:document/report .
        id:document/draft-ok a mig:DraftResolution ; rdfs:label "Draft adopted as a resolution"@en ; mig:adoptedAs id:resolution/61-208 .
    """),
    Case("agenda-item-not-a-string", "DocumentShape", MIG.agendaItem, "document/agenda-bad", "document/agenda-ok", """
        id:document/agenda-bad a mig:Report ; rdfs:label "Agenda number"@en ; mig:agendaItem 55 .
        id:document/agenda-ok a mig:Report ; rdfs:label "Agenda item as written"@en ; mig:agendaItem "55 (b)" .
    """),
]


_ID = re.compile(r"\bid:([A-Za-z0-9_\-]+(?:[/.][A-Za-z0-9_\-]+)*)")


def _turtle(case: Case) -> str:
    """The fixture as Turtle: `id:kind/slug` written as a full IRI (a slash is not allowed in a prefixed name)."""
    return PREFIXES + _ID.sub(lambda m: f"<{ID}{m.group(1)}>", case.turtle)


@pytest.fixture(scope="module")
def report() -> Report:
    graph = Graph()
    for case in CASES:
        graph.parse(data=_turtle(case), format="turtle")
    return validate_graph(graph, Settings(root=ROOT))


def _matches(report: Report, case: Case, focus: str) -> list:
    return [
        f for f in report.findings
        if f.shape == MIGSH[case.shape] and f.focus == ID[focus] and f.path == case.path
    ]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_shape_catches_its_mistake(report: Report, case: Case):
    found = _matches(report, case, case.bad)
    assert found, f"{case.shape} did not report {case.bad} on {case.path}"
    assert {f.severity for f in found} == {case.severity}
    assert all(f.message and "(no message)" not in f.message for f in found)
    if case.good is not None:
        assert not _matches(report, case, case.good), f"{case.shape} wrongly reported {case.good}"


def test_every_shape_has_a_fixture():
    shapes = Graph().parse(ROOT / "shapes" / "miggraph.shacl.ttl", format="turtle")
    named = {s for s in shapes.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), SH.NodeShape)}
    covered = {MIGSH[c.shape] for c in CASES}
    assert named - covered == set()


def test_every_constraint_has_a_message():
    shapes = Graph().parse(ROOT / "shapes" / "miggraph.shacl.ttl", format="turtle")
    for prop_shape in shapes.objects(None, SH.property):
        assert shapes.value(prop_shape, SH.message) is not None, prop_shape
    for constraint in shapes.objects(None, SH.sparql):
        assert shapes.value(constraint, SH.message) is not None, constraint
    for shape in shapes.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), SH.NodeShape):
        node_level = [p for p in (SH["class"], SH["or"], SH.datatype) if shapes.value(shape, p) is not None]
        if node_level:
            assert shapes.value(shape, SH.message) is not None, shape


def test_every_object_property_has_a_value_class_constraint():
    """Each object property of the ontology is checked for the class of its values somewhere in the shapes."""
    ontology = Graph().parse(ROOT / "ontology" / "miggraph.ttl", format="turtle")
    shapes = Graph().parse(ROOT / "shapes" / "miggraph.shacl.ttl", format="turtle")
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    owl_object = URIRef("http://www.w3.org/2002/07/owl#ObjectProperty")
    checked = set()
    for prop_shape in shapes.objects(None, SH.property):
        if any(shapes.value(prop_shape, p) is not None for p in (SH["class"], SH["or"], SH["in"], SH.qualifiedValueShape)):
            checked.add(shapes.value(prop_shape, SH.path))
    # mig:inDocument is checked by a SPARQL-based constraint of PassageShape; mig:mentions may point to any entity
    by_sparql = {MIG.inDocument, MIG.mentions}
    missing = {p for p in ontology.subjects(rdf_type, owl_object) if str(p).startswith(str(MIG))} - checked - by_sparql
    assert missing == set()


def test_fast_validation_gives_the_reference_results_on_every_fixture():
    """All fixtures together: the fast validation and the reference one (pySHACL over the whole graph, SPARQL
    constraints bound to their focus nodes by VALUES) give the same results."""
    from rdflib.compare import isomorphic

    from miggraph.validate import load_ontology, load_shapes

    settings = Settings(root=ROOT)
    shapes, ontology = load_shapes(settings), load_ontology(settings)
    graph = Graph()
    for case in CASES:
        graph.parse(data=_turtle(case), format="turtle")
    fast = validate_graph(graph, settings, shapes, ontology)
    reference = validate_graph(graph, settings, shapes, ontology, reference=True)
    assert len(fast.findings) >= len(CASES)
    assert sorted(fast.findings, key=repr) == sorted(reference.findings, key=repr)
    assert isomorphic(fast.results, reference.results)
