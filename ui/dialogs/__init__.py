"""Dialogs, one module each; each offers a classmethod that tests can replace."""
