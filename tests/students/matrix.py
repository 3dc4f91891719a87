from tests.matrix import Case, expect

CASES = [
    Case("students:list", lambda w: "/students/", expect(200, hr=403)),
    Case(
        "students:detail",
        lambda w: f"/students/{w.student.pk}/",
        expect(200, outsider=404, foreign=404, other_manager=404, hr=403),
    ),
    Case(
        "students:detail",
        lambda w: f"/students/{w.foreign_student.pk}/",
        expect(404, foreign=200, hr=403),
        label="get:students:detail:other-college",
    ),
]

CASES += [
    Case("students:import", lambda w: "/students/import/", expect(403, admin=200)),
    Case(
        "students:import_status",
        lambda w: f"/students/import/{w.import_job.pk}/",
        expect(403, admin=200),
    ),
]
