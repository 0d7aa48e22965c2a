"""`python -m aims_lint` runs the command line."""

from aims_lint.cli import entry

if __name__ == "__main__":
    entry()
