"""Documents beside the items in the Cosmos containers: the global tag registry
(gt_tui/repos/cosmos_tags.py) and per-dataset curation instructions
(gt_tui/repos/cosmos_instructions.py, in the items container as the seed system keeps them).
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable

from azure.cosmos.aio import ContainerProxy

from gt_tui.domain.errors import (
    AlreadyExistsError,
    BackendUnavailableError,
    ConcurrencyError,
    NotFoundError,
)
from gt_tui.domain.instructions import CurationInstructions
from gt_tui.repos.cosmos_connection import CosmosConnection
from gt_tui.repos.cosmos_instructions import (
    container_uses_2x_ids,
    instructions_body,
    instructions_from,
    read_instructions_doc,
    write_instructions_doc,
)
from gt_tui.repos.cosmos_support import translate_errors
from gt_tui.repos.cosmos_tags import add_to_registry, read_registry


class CosmosSideDocuments(CosmosConnection):
    """Tag registry and curation instructions over the connection."""

    # ----- the global tag registry (gt_tui/repos/cosmos_tags.py) -----

    def _tags_container(self) -> ContainerProxy:
        if self._client is None:
            raise BackendUnavailableError("Cosmos repository is not open")
        database = self._client.get_database_client(self._settings.cosmos_database)
        return database.get_container_client(self._settings.cosmos_tags_container)

    async def tag_registry(self) -> builtins.list[str]:
        async with translate_errors(self._endpoint, "read the tag registry"):
            return await read_registry(self._tags_container(), self._settings.cosmos_tags_container)

    async def add_to_tag_registry(self, tags: Iterable[str]) -> builtins.list[str]:
        async with translate_errors(self._endpoint, "write the tag registry"):
            return await add_to_registry(
                self._tags_container(), self._settings.cosmos_tags_container, tags
            )

    # ----- curation instructions (gt_tui/repos/cosmos_instructions.py) -----

    async def get_instructions(self, dataset_name: str) -> CurationInstructions | None:
        async with translate_errors(self._endpoint, f"read the instructions of {dataset_name}"):
            doc = await self._with_retries(
                lambda: read_instructions_doc(self._container_proxy(), dataset_name)
            )
        return instructions_from(self._post_read_transform(doc)) if doc is not None else None

    async def put_instructions(self, doc: CurationInstructions) -> CurationInstructions:
        gtc_2x_id = False
        if doc.etag is None:  # a new document: named as the container names them
            async with translate_errors(self._endpoint, "read the instructions' id form"):
                gtc_2x_id = await self._with_retries(
                    lambda: container_uses_2x_ids(self._container_proxy())
                )
        body = self._pre_write_transform(instructions_body(doc, gtc_2x_id=gtc_2x_id))
        where = f"curation instructions of {doc.dataset_name!r}"
        try:
            async with translate_errors(self._endpoint, f"write the {where}"):
                stored = await self._with_retries(
                    lambda: write_instructions_doc(self._container_proxy(), body, doc.etag)
                )
        except AlreadyExistsError as exc:
            raise AlreadyExistsError(
                f"{where} already exist; a write over them needs their etag"
            ) from exc
        except ConcurrencyError as exc:
            raise ConcurrencyError(
                f"{where} were changed by someone else since they were read"
            ) from exc
        except NotFoundError as exc:
            raise NotFoundError(f"{where} not found") from exc
        return instructions_from(self._post_read_transform(stored))
