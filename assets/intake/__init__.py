"""Old import paths of the intake modules, now in ``assets/forms/``: kept only for ``assets/pmprb``.

``assets/pmprb`` is being edited on another branch and still imports
``assets.intake.<module>``; each name below is the very module object of
``assets.forms`` (no copy), so nothing can drift. Delete this package once
``assets/pmprb`` imports ``assets.forms`` directly.
"""

import sys

from assets.forms import collection, inventory, probe
from assets.forms.throughput import content_cache

for _name, _module in {"collection": collection, "content_cache": content_cache, "ingest": inventory, "probe": probe}.items():
    sys.modules[f"{__name__}.{_name}"] = _module
