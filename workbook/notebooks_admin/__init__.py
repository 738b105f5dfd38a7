"""Notebooks as a consultant and a reviewer handle them: a client's override of a standard notebook (copy, diff,
upgrade by three-way merge) and the jupytext .py twins of notebooks/ for review as text."""
