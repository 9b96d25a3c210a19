"""Allow `python -m toelating`."""

from toelating.cli import main

if __name__ == "__main__":
    main()
