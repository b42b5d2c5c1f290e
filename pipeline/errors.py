"""Errors a user can act on, each saying which file, line and column is wrong."""


class LexiconError(ValueError):
    """A malformed registry, cues or units file."""
