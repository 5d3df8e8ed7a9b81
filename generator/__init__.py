"""Saima (赛马): turn a group's horse-race campaign, kept as YAML, into a static site.

Stages: load -> validate -> compute -> render -> build; `cli` is the thin edge.
"""
