"""Chinese search over everything a person may see (issue 16 point 9): the index (``models``), the
tokens (``tokens``), the engines (``engine``), the registry of kinds each app fills in at start-up
(``registry``), the writes the services call (``index``) and the reads (``selectors``)."""
