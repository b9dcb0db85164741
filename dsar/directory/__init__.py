"""The directory of organisations: who holds the data and where requests go.

Modules, each importing only those above it:

- `records`: the models of one record (`Controller`) and its sourced contact facts.
- `search`: finding records by the words people use (names, aliases, towns, synonyms).
- `loading`: reading the shipped records and a user's folder into a `Directory`.
- `checks`: what to check before sending (`contact_warnings`) and `coverage`.
- `names`: display names read straight from the files, without validation (light).

This file imports nothing, so `dsar.directory.names` stays light for listings.
`dsar.controllers` re-exports the public names for older callers.
"""
