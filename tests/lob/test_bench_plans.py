"""make bench walks each query's plan for sequential scans of large tables."""

from lob.dashboards import benchpages
from lob.dashboards.benchplans import seq_scans

PLAN = {
    "Node Type": "Limit",
    "Plans": [{
        "Node Type": "Hash Join",
        "Plans": [
            {"Node Type": "Seq Scan", "Relation Name": "students_student",
             "Parallel Aware": True},
            {"Node Type": "Hash", "Plans": [
                {"Node Type": "Index Scan", "Relation Name": "lec_referral"},
                {"Node Type": "Seq Scan", "Relation Name": "students_programme"},
            ]},
        ],
    }],
}


def test_every_sequential_scan_in_the_tree_is_found():
    assert sorted(seq_scans(PLAN)) == ["students_programme", "students_student"]


def test_an_index_only_plan_has_none():
    assert seq_scans({"Node Type": "Index Scan", "Relation Name": "students_student"}) == []


def test_the_pages_have_unique_names_and_cover_every_role():
    names = [p.name for p in benchpages.PAGES]
    assert len(names) == len(set(names))
    roles = {p.role for p in benchpages.PAGES if p.name.startswith("home_")}
    assert roles == {"counsellor", "care_coordinator", "lec_worker", "lec_lead", "manager", "hr",
                     "director", "admin", "privacy_officer", "roc"}
