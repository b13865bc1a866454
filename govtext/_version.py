"""The package version; also recorded as ``parser_version`` in every output."""
__version__ = "0.1.0"
