"""Evidence to a cited answer: abstention, one composer per answer shape, citation checks."""
