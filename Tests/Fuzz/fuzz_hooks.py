"""Schemathesis hooks for the fuzz suite (loaded through SCHEMATHESIS_HOOKS)."""
import schemathesis

# PDF uploads are raw bytes, like any binary body: the server judges them by their content.
schemathesis.serializer.alias("application/pdf", "application/octet-stream")
