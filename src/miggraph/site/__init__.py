"""The static linked-data site: entity pages, class indexes and the dataset's home page."""

from .pages import Site, writers

__all__ = ["Site", "writers"]
