"""`python -m pipeline` is the `claimtable` command."""
from pipeline.cli import main

main()
