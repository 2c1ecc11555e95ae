"""Files to parts, passages and judgements: loading, layout, metadata and deduplication."""
