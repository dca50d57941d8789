"""``python -m workbench.cli``: the same as the installed ``workbench`` command."""

import sys

from workbench.cli import main

if __name__ == "__main__":  # importing the package's modules (the layer test does) runs nothing
    sys.exit(main())
