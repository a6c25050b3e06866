"""Background work every app uses: the job row, its runner, the outbox, the sweeper, the
PDF engine, worker heartbeats and the operators' page. Domain apps import ``jobs``;
``jobs`` imports no domain app (tests/test_codebase.py checks it).

The row is the truth and the broker only the doorbell (DESIGN §4): a job's message is sent
after the transaction commits, the sweeper sends again what never reached the broker,
tasks claim their row before working (so a second delivery does nothing), a running job
beats a heartbeat, and a job whose heartbeat stops is queued again with a growing pause,
then failed with a reason the user can read.

Adding a kind of job (e.g. an XLSX export) takes three pieces, all in your own app:

1. Register the kind in your ``AppConfig.ready``::

       from jobs import kinds
       kinds.register(kinds.Kind(
           name="registry_xlsx",                       # stored on the row
           label=_("Registry export (XLSX)"),
           task="innovations.tasks.build_registry_xlsx",
           queue="exports",                            # default, mail, pdf or exports
           keep_days=lambda: settings.EXPORT_KEEP_DAYS,  # optional: purge the file after
       ))

   (``kinds.export(name, label, task)`` is that kind: the exports queue, kept
   EXPORT_KEEP_DAYS; the register's export is registered so in ``innovations.apps``.)

2. Write the task as a function of a ``Run`` (``jobs.runner.job_task`` makes it a Celery
   task ``(agency_id, job_id)`` that runs in the agency's scope, acknowledged late)::

       @job_task(soft_time_limit=600)
       def build_registry_xlsx(run):
           rows = ...                     # read run.job.params
           run.progress(50)               # raises Cancelled if the user cancelled
           if not rows:
               raise JobFailed(gettext_noop("Nothing matches %(filter)s."), filter="…")
           run.finish("registry.xlsx", workbook_bytes)   # stored through the storage API

   Any other exception fails the job with a generic reason (the traceback goes to the
   job's ``detail`` for operators); a full or unreachable storage says so.

3. Ask for it from your service (after your rule allowed it) and show it with the one
   partial, ``jobs/job.html``, polled by htmx::

       job = jobs.services.request_job(agency=..., kind="registry_xlsx",
                                       requested_by=user, subject="agency:12", params={...})
       latest = jobs.selectors.latest(agency.pk, "registry_xlsx", "agency:12")
       jobs.services.act(request.POST.get("action", ""), latest, start=...)  # POST buttons

E-mails and other fire-and-forget tasks go through ``jobs.outbox.deliver`` (see there).
"""
