"""Marketplace credentials, from the environment only.

The variable names are ``EXPORT_KIT_TMALL_APP_KEY``, ``EXPORT_KIT_TMALL_APP_SECRET``,
``EXPORT_KIT_TMALL_SESSION`` and ``EXPORT_KIT_JD_APP_KEY``, ``EXPORT_KIT_JD_APP_SECRET``,
``EXPORT_KIT_JD_ACCESS_TOKEN``; ``[platforms.NAME]`` ``app_key_env``, ``app_secret_env``
and ``session_env`` in export-kit.toml rename them (e.g. one set of variables per brand).
The config never holds the values themselves.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from export_kit.config import Config
from export_kit.errors import ConfigError

__all__ = ["CredentialNames", "Credentials", "credential_names", "load_credentials"]


@dataclass(frozen=True)
class CredentialNames:
    """The environment variables that hold one platform's credentials."""

    app_key: str
    app_secret: str
    token: str
    #: what the platform calls the token: "session" (TOP) or "access token" (JOS)
    token_label: str


@dataclass(frozen=True)
class Credentials:
    """An app key, its secret and the seller's session / access token.

    The secret and the token are left out of ``repr`` so they never reach a log or a
    traceback by accident.
    """

    app_key: str
    app_secret: str = field(repr=False)
    token: str = field(repr=False)

    @property
    def secrets(self) -> list[str | None]:
        """The values that must never be printed."""
        return [self.app_secret, self.token]


def credential_names(platform: str, defaults: CredentialNames, config: Config) -> CredentialNames:
    """The variable names for ``platform``, with ``[platforms.NAME]`` renames applied."""
    section = config.platforms.get(platform)
    if section is None:
        return defaults
    return CredentialNames(
        app_key=section.app_key_env or defaults.app_key,
        app_secret=section.app_secret_env or defaults.app_secret,
        token=section.session_env or defaults.token,
        token_label=defaults.token_label,
    )


def load_credentials(
    platform: str, names: CredentialNames, environ: Mapping[str, str] | None = None
) -> Credentials:
    """Read the credentials; :class:`ConfigError` (exit 3) names every missing variable."""
    env = os.environ if environ is None else environ
    values = {
        name: (env.get(name) or "").strip()
        for name in (names.app_key, names.app_secret, names.token)
    }
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise ConfigError(
            f"Missing credentials for {platform}: set {', '.join(missing)} in the environment "
            f"(app key, app secret and the seller's {names.token_label}; in CI, from the "
            "secret store). See docs/publishing.md."
        )
    return Credentials(
        app_key=values[names.app_key],
        app_secret=values[names.app_secret],
        token=values[names.token],
    )
