"""What other apps may listen to. evaluation sits below corps and must not import it: corps connects
here in its ready() to revoke the qualification certificate (001 10)."""

from django.dispatch import Signal

# Sent inside the bureau's confirming transaction with `failure` (YearlyFailure) and `actor`.
yearly_failure_confirmed = Signal()
