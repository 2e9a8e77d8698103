"""The API the command line and the desktop app call. Results are plain dataclasses."""
