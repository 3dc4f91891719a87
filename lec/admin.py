"""Deliberately empty. The LEC's case files are special-category data (health, justice): the
functional administrators who use the Django admin must not read them, and the access log
must not be editable anywhere. The LEC lead reviews the log on /lec/access-log/."""
