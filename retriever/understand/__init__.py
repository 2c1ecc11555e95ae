"""Question -> Query: councils, years, kinds, areas and follow-ups, checked once."""
