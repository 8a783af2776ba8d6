"""Regenerate schemas/*.schema.json from the pydantic contract models: python scripts/gen_schemas.py"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from annotate.exports.native import ExportFile, ExportLine  # noqa: E402
from annotate.extract.schema import ExtractionResult  # noqa: E402

# schemas/<name>.schema.json -> the pydantic model it is generated from
SCHEMAS = {
    "export": ExportFile,
    "export-line": ExportLine,
}


def main() -> None:
    out = ROOT / "schemas" / "extraction.schema.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(ExtractionResult.model_json_schema(), indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")
    for name, model in SCHEMAS.items():
        out = ROOT / "schemas" / f"{name}.schema.json"
        out.write_text(json.dumps(model.model_json_schema(), indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
