"""Names shared by every asset domain."""

# Bagian Organisasi of the Sekretariat Daerah runs the pipeline and answers for its outputs.
OWNERS = ["team:bagian-organisasi"]
