from tests.matrix import Case, expect

# The first line's staff (counsellors, care coordinators, managers) share the library of their
# college; everyone else is refused the pages.
FIRST_LINE = {"counsellor": 200, "colleague": 200, "outsider": 200, "foreign": 200,
              "care_coordinator": 200, "manager": 200, "other_manager": 200}
COLLEGE_A = {**FIRST_LINE, "foreign": 404}
COLLEGE_A_POST = {k: (302 if v == 200 else v) for k, v in COLLEGE_A.items()}
# Team A1's meeting: its members and invitees; the rest of the first line gets 404.
MEETING = {**dict.fromkeys(FIRST_LINE, 404), "counsellor": 200, "colleague": 200,
           "care_coordinator": 200, "manager": 200}

CASES = [
    Case("community:materials", lambda w: "/community/materials/", expect(403, **FIRST_LINE)),
    Case("community:material_new", lambda w: "/community/materials/new/",
         expect(403, **FIRST_LINE)),
    Case("community:material", lambda w: f"/community/materials/{w.material.pk}/",
         expect(403, **COLLEGE_A)),
    Case("community:material", lambda w: f"/community/materials/{w.foreign_material.pk}/",
         expect(403, **{**dict.fromkeys(FIRST_LINE, 404), "foreign": 200}),
         label="get:community:material:other-college"),
    Case("community:material_file", lambda w: f"/community/materials/{w.material.pk}/file/",
         expect(403, **COLLEGE_A)),
    Case("community:material_rate", lambda w: f"/community/materials/{w.material.pk}/rate/",
         expect(403, **COLLEGE_A_POST), method="post", data={"stars": "4"}),
    Case("community:material_use", lambda w: f"/community/materials/{w.material.pk}/used/",
         expect(403, **COLLEGE_A_POST), method="post", data={"session": ""}),
    Case("community:meetings", lambda w: "/community/meetings/", expect(403, **FIRST_LINE)),
    Case("community:meeting_new", lambda w: "/community/meetings/new/",
         expect(403, **FIRST_LINE)),
    Case("community:meeting", lambda w: f"/community/meetings/{w.meeting.pk}/",
         expect(403, **MEETING)),
    Case("community:meeting", lambda w: f"/community/meetings/{w.foreign_meeting.pk}/",
         expect(403, **{**dict.fromkeys(FIRST_LINE, 404), "foreign": 200}),
         label="get:community:meeting:other-college"),
    # Only the organiser records the meeting.
    Case("community:meeting_record", lambda w: f"/community/meetings/{w.meeting.pk}/record/",
         expect(403, **{**dict.fromkeys(FIRST_LINE, 404), "counsellor": 200})),
    Case("community:alumni", lambda w: "/community/alumni/", expect(403, **FIRST_LINE)),
    Case("community:alumnus", lambda w: f"/community/alumni/{w.alumnus.pk}/",
         expect(403, **COLLEGE_A)),
    Case("community:alumnus", lambda w: f"/community/alumni/{w.foreign_alumnus.pk}/",
         expect(403, **{**dict.fromkeys(FIRST_LINE, 404), "foreign": 200}),
         label="get:community:alumnus:other-college"),
    # A former student of team A1: only the first-line readers of their record ask them.
    Case("community:alumni_ask", lambda w: f"/community/alumni/ask/{w.former_student.pk}/",
         expect(403, counsellor=200, colleague=200, care_coordinator=200, manager=200,
                outsider=404, foreign=404, other_manager=404)),
]
