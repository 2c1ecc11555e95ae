"""Search stages, each a small searcher with one method: dense, lexical, fusion, rerank;
ranking.py routes an understood question through them."""
