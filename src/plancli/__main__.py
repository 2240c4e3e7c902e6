"""`python -m plancli` runs the command line."""

from plancli.cli import main

main()
