"""`python -m export_kit` runs the command line."""

from export_kit.cli import main

if __name__ == "__main__":
    main()
