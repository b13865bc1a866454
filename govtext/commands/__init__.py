"""One module per ``govtext`` subcommand (see :mod:`govtext.cli`)."""
