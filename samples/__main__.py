import sys

from samples.generator import main

sys.exit(main())
