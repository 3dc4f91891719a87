"""The private storage of dossier evidence: files on disk with no address of their own."""

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """A FileSystemStorage without URLs: a file is reached only through a view that checks who
    asks (lob.dossier.views.evidence_file), never by a link to the media directory."""

    def url(self, name):
        raise ValueError("private storage: files are served through a view, never by URL")
