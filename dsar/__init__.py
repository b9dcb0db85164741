"""dsar: subject-access and erasure letters to the UK Home Office, the MoJ and the police.

The command line (`dsar.cli`) is a thin layer over plain modules that scripts
can use directly, e.g. ``from dsar.profile import load_profile``.
"""

__version__ = "0.1.0"
