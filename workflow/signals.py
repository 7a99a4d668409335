from django.dispatch import Signal

# Sent after the commit of every transition: row (the table row), obj, entry (the audit entry).
transition_done = Signal()
