"""Calls for participants, applications, selection, peer matching and discussion topics.

The intake half of the ``cohorts`` app: its models live in ``cohorts/models/`` (same app
label, same tables), its pages under ``cohorts/templates/cohorts/intake/``.
"""
