"""RESULTS.md, shared by the benchmark scripts: each owns one "## " section and replaces it."""
import os


def replace_section(path, heading, text):
    """Puts `text` in place of the file's `heading` section ("## Seal cost"), appended when
    there is none; the other sections stay as they are."""
    old = open(path).read() if os.path.exists(path) else "# Benchmark results\n"
    start = old.find("\n" + heading)
    if start >= 0:
        end = old.find("\n## ", start + 1)
        old = old[:start + 1] + (old[end + 1:] if end >= 0 else "")
    with open(path, "w") as f:
        f.write(old.rstrip("\n") + "\n\n" + text)
