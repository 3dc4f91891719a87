"""The OpenAPI 3.1 description of the BI API, served at /api/v1/openapi.json. Its schemas are
JSON Schema (2020-12): tests/api validates every response against them."""

from django.conf import settings

from .figures import COUNTS

COUNT = {"type": ["integer", "null"], "minimum": 0}
DESCRIPTIONS = {
    "active_students": "Active students at the reference date (today, or the last day of a past school year).",
    "seen_individually": "Active students with an individual session in the last LOB_NOT_SEEN_WEEKS weeks.",
    "starters": "Students who started in the school year.",
    "intake_on_time": "Starters with an intake within LOB_INTAKE_WITHIN_WEEKS weeks of their start.",
    "individual_sessions": "Individual guidance sessions held in the school year.",
    "open_space_sessions": "Of those, held in an open space (privacy).",
    "follow_ups_due": "Follow-ups due in the school year.",
    "follow_ups_done": "Of those, done.",
    "follow_ups_overdue": "Of those, open past their due date.",
    "referrals": "Referrals to the LEC made in the school year.",
    "referrals_open": "Of those, still open.",
    "referrals_ended": "Of those, closed or returned.",
    "referrals_feedback_on_time": "Ended referrals with feedback to the first line in time.",
    "graduated": "Students who graduated in the school year.",
    "dropped_out": "Students who dropped out in the school year.",
    "transferred": "Students who transferred in the school year.",
}


def _figures_schema() -> dict:
    properties = {
        "suppressed": {"type": "boolean", "description": "True when the group has fewer active students than min_group_size: every figure is then null."},
        **{name: {**COUNT, "description": DESCRIPTIONS[name]} for name in COUNTS},
        "reach_pct": {"type": ["number", "null"], "minimum": 0, "maximum": 100,
                      "description": "seen_individually / active_students × 100, one decimal."},
        "absence_alert_students": {**COUNT, "description": "Active students whose unexcused absence passes the alert threshold now (LOB_ABSENCE_ALERT_DAYS days in LOB_ABSENCE_WINDOW_WEEKS weeks, or rising)."},
    }
    # No additionalProperties here: TeamFigures/CollegeFigures add their names and close the
    # object with unevaluatedProperties.
    return {"type": "object", "properties": properties, "required": list(properties)}


def _listing(key: str, item: str) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["school_year", "generated_at", "figures_computed_at", "min_group_size", key],
        "properties": {
            "school_year": {"type": "integer", "description": "Starting year of the school year (2026 = 2026/27)."},
            "generated_at": {"type": "string", "format": "date-time"},
            "figures_computed_at": {"type": ["string", "null"], "format": "date-time", "description": "When the oldest rollup read was computed (refreshed every 15 minutes); null: never."},
            "min_group_size": {"type": "integer", "minimum": 1},
            key: {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
        },
    }


def document() -> dict:
    error = {"description": "An error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    year = {"name": "school_year", "in": "query", "required": False,
            "schema": {"type": "integer", "minimum": 2000, "maximum": 2100},
            "description": "Starting year of the school year; default: the running one."}
    common_errors = {"400": error, "401": error, "429": {**error, "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}}}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "LOB figures for BI",
            "version": "1.0.0",
            "description": (
                "Read-only aggregate figures of the LOB dashboards for the college's BI tools. "
                "Never personal data: counts per team or college only, and a group with fewer "
                f"than LOB_API_MIN_GROUP_SIZE (now {settings.LOB_API_MIN_GROUP_SIZE}) active "
                "students is suppressed. A token (made by the functional administrator in the "
                "admin, per consumer) reads its own college, or every college when made ROC-wide. "
                f"At most LOB_API_RATE_PER_MINUTE (now {settings.LOB_API_RATE_PER_MINUTE}) "
                "requests a minute per token."
            ),
        },
        "servers": [{"url": settings.LOB_BASE_URL.rstrip("/") + "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": {
            "/teams/": {"get": {
                "operationId": "listTeamFigures", "summary": "Figures per team",
                "parameters": [year],
                "responses": {"200": {"description": "Figures per team", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TeamList"}}}}, **common_errors},
            }},
            "/colleges/": {"get": {
                "operationId": "listCollegeFigures", "summary": "Figures per college",
                "parameters": [year],
                "responses": {"200": {"description": "Figures per college", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CollegeList"}}}}, **common_errors},
            }},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer lob_…"}},
            "schemas": {
                "Figures": _figures_schema(),
                "TeamFigures": {"allOf": [
                    {"$ref": "#/components/schemas/Figures"},
                    {"type": "object", "required": ["college", "team", "team_code"],
                     "properties": {"college": {"type": "string"}, "team": {"type": "string"},
                                    "team_code": {"type": "string"}}},
                ], "unevaluatedProperties": False},
                "CollegeFigures": {"allOf": [
                    {"$ref": "#/components/schemas/Figures"},
                    {"type": "object", "required": ["college", "name"],
                     "properties": {"college": {"type": "string"}, "name": {"type": "string"}}},
                ], "unevaluatedProperties": False},
                "TeamList": _listing("teams", "TeamFigures"),
                "CollegeList": _listing("colleges", "CollegeFigures"),
                "Error": {"type": "object", "required": ["error"], "additionalProperties": False,
                          "properties": {"error": {"type": "string"}}},
            },
        },
    }
