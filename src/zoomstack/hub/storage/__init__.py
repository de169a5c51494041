"""Object storage for recordings: one interface, local disk or any S3-compatible store."""

from .base import ObjectInfo, ObjectNotFound, Storage, StorageError, StoredObject
from .obstore_backend import ObstoreStorage, open_storage

__all__ = [
    "ObjectInfo",
    "ObjectNotFound",
    "ObstoreStorage",
    "Storage",
    "StorageError",
    "StoredObject",
    "open_storage",
]
