"""Structure: from document blocks to metadata, sections and canonical table cells."""
