"""The built-in rules, one module per concern.

- :mod:`.required`: ``missing-value``
- :mod:`.identifiers`: ``duplicate-sku``, ``missing-hs-code``
- :mod:`.prices`: ``non-positive-price``
- :mod:`.images`: ``missing-image``, ``invalid-image-url``, ``insecure-image-url``
- :mod:`.claims`: ``superlative-claim``, ``medical-claim``, ``special-cosmetic-claim``

Parse findings (``invalid-number``, ``invalid-ean``...) come from the reader in
``Sku.issues`` and pass through the :class:`~export_kit.validate.Validator`.
"""

from __future__ import annotations

from export_kit.validate.rules.base import Rule, RuleContext

__all__ = ["Rule", "RuleContext"]
