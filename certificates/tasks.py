"""Background work of the certificates app (django-tasks)."""
from django_tasks import task


@task()
def run_signing_batch(batch_id: int) -> str:
    """Sign the reports of a signing batch. Only the batch id is queued: the passphrase is never a
    task argument (the queue's table would keep it); the task reads it from the signing cache."""
    from certificates.batch import run_batch

    return run_batch(batch_id).status
