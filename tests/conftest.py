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


def pytest_sessionstart(session):
    from pipeline.compiled import stale_modules

    if stale_modules():
        pytest.exit(f"compiled pipeline modules older than their sources: {', '.join(stale_modules())}; "
                    "run `make test`, which rebuilds them", returncode=2)
