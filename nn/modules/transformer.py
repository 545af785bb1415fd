"""``torch.nn.modules.transformer``: the same classes as ``nn`` (for code that imports or
subclasses them from here)."""

from __future__ import annotations

from nn.layers.transformer import (
    Transformer,
    TransformerDecoder,
    TransformerDecoderLayer,
    TransformerEncoder,
    TransformerEncoderLayer,
)

__all__ = ["Transformer", "TransformerDecoder", "TransformerDecoderLayer", "TransformerEncoder",
           "TransformerEncoderLayer"]
