"""`dsar batch`: an advice service's spreadsheet of clients -> checked letter packs, fast, tracked.

The modules, in the order a batch runs: `reader` (CSV/XLSX -> text cells),
`columns` (headings), `org` (the organisation acting), `rows` (row -> Profile or
problems), `job` (the resumable plan and its outputs), `render_chunks` (a chunk
of letters laid out in one worker, each written as its own tagged PDF), `cover`
(the cover sheet), `manifest`, `run` (all of it).
"""
