"""The staff side of the bench data set: review cycles with 360 requests and training, and the
LOB standards self-assessed by every team every year (plain SQL, per college)."""

from .benchsql import one, sql


def cycles(p) -> None:
    """Review cycles for every counsellor in every school year, three 360 requests and a
    training each."""
    framework = one("""
        SELECT id FROM staff_competencyframework WHERE college_id = %(college)s
        ORDER BY version DESC LIMIT 1
    """, p)
    if framework is None:
        framework = one("""
            INSERT INTO staff_competencyframework (college_id, name, version, is_current,
                revision, created_at, updated_at)
            VALUES (%(college)s, 'Competentieschema', 1, true, 1, %(now)s, %(now)s) RETURNING id
        """, p)
    p = {**p, "framework": framework}
    sql("""
        INSERT INTO staff_reviewcycle (employee_id, manager_id, team_id, school_year,
            framework_id, role_profile, stage, employee_response, appraisal_rating,
            created_at, updated_at, version)
        SELECT DISTINCT ON (m.user_id, y) m.user_id, mg.user_id, m.team_id, y, %(framework)s,
               'first_line',
               CASE WHEN y < %(year)s THEN 'closed'
                    ELSE (ARRAY['pop', 'functioning', 'appraisal'])[1 + (random() * 2)::int] END,
               '', '', %(now)s, %(now)s, 1
        FROM staff_teammembership m
        JOIN staff_team t ON t.id = m.team_id
        JOIN staff_teammembership mg ON mg.team_id = m.team_id AND mg.role = 'manager',
             generate_series(%(year)s - 4, %(year)s) y
        WHERE t.college_id = %(college)s AND m.role = 'counsellor' AND mg.user_id <> m.user_id
        ORDER BY m.user_id, y, m.team_id
    """, p)
    sql("""
        INSERT INTO staff_feedbackrequest (cycle_id, rater_id, rater_group, deadline,
            invited_at, answered_at)
        SELECT c.id, r.user_id, 'team', make_date(c.school_year + 1, 3, 1), %(now)s,
               CASE WHEN random() < 0.7 THEN %(now)s END
        FROM staff_reviewcycle c
        JOIN staff_team t ON t.id = c.team_id
        JOIN LATERAL (
            SELECT m.user_id FROM staff_teammembership m
            WHERE m.team_id = c.team_id AND m.user_id <> c.employee_id AND m.role = 'counsellor'
            ORDER BY (m.user_id * 7 + c.id) %% 97 LIMIT 3
        ) r ON true
        WHERE t.college_id = %(college)s
    """, p)
    sql("""
        INSERT INTO staff_training (cycle_id, area, title, hours, status, completed_on,
                                    created_at, updated_at)
        SELECT c.id, (ARRAY['lc_course', 'career_reflection', 'examination',
                            'language_arithmetic', 'ict'])[1 + (random() * 4)::int],
               'Scholing', 4 + (random() * 20)::int,
               CASE WHEN c.school_year < %(year)s THEN 'completed' ELSE 'planned' END,
               CASE WHEN c.school_year < %(year)s THEN make_date(c.school_year + 1, 5, 1) END,
               %(now)s, %(now)s
        FROM staff_reviewcycle c JOIN staff_team t ON t.id = c.team_id
        WHERE t.college_id = %(college)s
    """, p)


def standards(p) -> None:
    """Six LOB standards with three criteria, self-assessed by every team every year."""
    if not one("SELECT count(*) FROM staff_standard WHERE college_id = %(college)s", p):
        sql("""
            INSERT INTO staff_standard (college_id, code, name, description, "order")
            SELECT %(college)s, 'std-' || i,
                   (ARRAY['Intake', 'Flexibele instroom', 'Loopbaanbegeleiding',
                          'Beroepspraktijkvorming', 'Professionalisering', 'Teamontwikkeling'])[i],
                   '', i
            FROM generate_series(1, 6) i
        """, p)
        sql("""
            INSERT INTO staff_criterion (standard_id, text, "order", is_active)
            SELECT s.id, 'Criterium ' || j, j, true
            FROM staff_standard s, generate_series(1, 3) j WHERE s.college_id = %(college)s
        """, p)
    sql("""
        INSERT INTO staff_standardassessment (team_id, school_year, criterion_id, score,
            evidence, planned_action, updated_at)
        SELECT t.id, y, c.id, 1 + (random() * 3)::int, '', '', %(now)s
        FROM staff_team t, staff_criterion c JOIN staff_standard s ON s.id = c.standard_id,
             generate_series(%(year)s - 4, %(year)s) y
        WHERE t.college_id = %(college)s AND s.college_id = %(college)s
        ON CONFLICT DO NOTHING
    """, p)
