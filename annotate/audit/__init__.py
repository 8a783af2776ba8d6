"""The review history: append-only, hash-chained events; verify, checkpoints and as-of views."""
