import sys

from assets.samples.generator import main

sys.exit(main())
