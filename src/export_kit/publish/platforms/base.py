"""What a publishing platform provides: its gateway, credentials and API calls."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from export_kit.publish.client import ApiCall, Gateway
from export_kit.publish.credentials import CredentialNames, Credentials
from export_kit.publish.feeds import FeedItem
from export_kit.publish.signing import Clock

__all__ = ["PlatformAdapter", "non_empty"]


class PlatformAdapter(Protocol):
    """One marketplace's API protocol, as the publisher uses it.

    ``lookup_batch`` is how many outer ids one look-up call takes.
    """

    name: str
    feed_file: str
    default_endpoint: str
    credentials: CredentialNames
    lookup_batch: int

    def gateway(
        self, credentials: Credentials, *, sign_method: str | None, clock: Clock | None
    ) -> Gateway:
        """The gateway (encoding, decoding, signing) for these credentials."""
        ...

    def create_call(self, item: FeedItem) -> ApiCall:
        """The call that creates ``item``."""
        ...

    def update_call(self, item: FeedItem, remote_id: str) -> ApiCall:
        """The call that replaces the content of ``remote_id`` by ``item`` (and lists it)."""
        ...

    def lookup_call(self, outer_ids: Sequence[str]) -> ApiCall:
        """The call that finds items by outer id."""
        ...

    def delist_call(self, outer_id: str, remote_id: str) -> ApiCall:
        """The call that takes ``remote_id`` off sale."""
        ...

    def refusals(self, item: FeedItem) -> list[str]:
        """Why ``item`` cannot be sent safely (empty when it can): e.g. an outer id holding
        the separator of the gateway's list parameters, which its look-up would split, so
        that the item could never be found again and would be created twice."""
        ...

    def created_id(self, result: Mapping[str, Any]) -> str | None:
        """The remote id in the answer to a create."""
        ...

    def found_ids(self, result: Mapping[str, Any]) -> dict[str, str]:
        """Outer id → remote id in the answer to a look-up (the first when several)."""
        ...


def non_empty(params: Mapping[str, Any]) -> dict[str, Any]:
    """``params`` without None, empty strings and empty lists (gateways sign no empty value)."""
    return {k: v for k, v in params.items() if v is not None and v != "" and v != []}
