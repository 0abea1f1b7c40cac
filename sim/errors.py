"""Errors a user can cause and fix: bad scenario files, keys, values, arguments.

The CLI prints these as one line and exits with code 2; the app shows them as a message.
"""


class UserError(Exception):
    """A mistake in user input (file, key, value). The message says what is allowed."""


class ScenarioError(UserError):
    """A scenario or design file that cannot be applied; nothing of it was applied."""
