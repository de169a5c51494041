"""The long tail of Zoom's API, answered from its own specs, statefully.

Every operation of the shipped specs that no hand-written module implements is
answered here: POST creates a record, GET reads it back and lists it with Zoom's
paging, PATCH merges, DELETE removes, singletons (settings) answer a body built
from the schema and merged with what was stored. `model` decides what an operation
does from its path and schemas, `locate` checks the ids in the path, `handlers`
answers, `conform` shapes every answer to the response schema.
"""

from __future__ import annotations

from .route import SpecRoute, owned_operations

__all__ = ["SpecRoute", "owned_operations", "routes"]

routes = [SpecRoute()]
