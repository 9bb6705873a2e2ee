from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session")
def fixture_articles() -> list[Path]:
    return sorted((FIXTURES / "articles").glob("*.txt"))
