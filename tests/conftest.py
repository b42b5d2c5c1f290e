from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_83a616a484fc29bf.txt"
ARTICLES = Path(__file__).resolve().parent / "articles"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def articles_dir() -> Path:
    return ARTICLES
