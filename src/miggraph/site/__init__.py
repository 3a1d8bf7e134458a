"""The static linked-data site: entity pages, class indexes and the dataset's home page."""

from .pages import Site, editor_writers, writers

__all__ = ["Site", "editor_writers", "writers"]
