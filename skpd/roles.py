"""Names of the role groups that migration scores/0003_roles creates."""

INSPEKTORAT = "Inspektorat"
PIMPINAN = "Pimpinan"
KEPALA_SKPD = "Kepala SKPD"
