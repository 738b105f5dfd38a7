"""Pieces of the deterministic demo community (星火学习社群): word lists and one generator per domain."""
