"""`manage.py loadtest`: the app under concurrent load on the production stack (gunicorn, Redis
cache, PostgreSQL), driven by locust run headless.

- dataset.py: the bench data set's accounts for the run (a known password, TOTP devices for the
  LEC staff) and putting everything back afterwards;
- server.py: gunicorn with production settings on a free loopback port;
- locustfile.py: the simulated users (the role mix) and the capacity steps' measuring window;
- totp.py, cpu.py: the codes of the authenticator app, the CPU time of the server's processes;
- report.py: locust's stats turned into var/loadtest.json and the printed table.
"""
