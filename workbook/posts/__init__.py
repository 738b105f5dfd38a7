"""Texts ready to post in the community group, generated from the figures, edited by a facilitator and saved with
the client (data/<client>/posts/)."""
