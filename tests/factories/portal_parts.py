"""Factories of the career dossier, appointments and student feedback."""

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lob.appointments.models import Appointment, Slot, Status
from lob.dossier.models import Evidence, Reflection
from students.models import Competency

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_upload(name="foto.png", content=PNG_BYTES):
    return SimpleUploadedFile(name, content, content_type="image/png")


def pdf_upload(name="certificaat.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def reflection(student, *, competency=Competency.QUALITIES, text="Ik kan goed luisteren.",
               shared=False, **kwargs) -> Reflection:
    return Reflection.objects.create(student=student, competency=competency, text=text,
                                     shared_with_guardians=shared, **kwargs)


def file_evidence(reflection, upload=None) -> Evidence:
    upload = upload or pdf_upload()
    evidence = Evidence(reflection=reflection, original_name=upload.name,
                        content_type=upload.content_type, size=upload.size)
    evidence.file.save(upload.name, upload, save=True)
    return evidence


def slot(counsellor, *, starts_in=datetime.timedelta(days=3), **kwargs) -> Slot:
    kwargs.setdefault("duration_minutes", 30)
    return Slot.objects.create(counsellor=counsellor, college_id=counsellor.college_id,
                               starts_at=timezone.now() + starts_in, **kwargs)


def appointment(slot, student, **kwargs) -> Appointment:
    status = kwargs.pop("status", Status.BOOKED)
    closed = {} if status == Status.BOOKED else {"closed_at": timezone.now()}
    return Appointment.objects.create(slot=slot, student=student, status=status, **closed,
                                      **kwargs)
