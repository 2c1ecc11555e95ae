"""Retrieval evaluation: gold questions, metrics, a tutorial-RAG baseline, a runner."""
