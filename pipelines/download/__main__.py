"""Serve the outputs folder as a read-only download page.

python -m pipelines.download                      # http://127.0.0.1:8080
python -m pipelines.download --host 0.0.0.0       # the office network (no login!)
"""

from __future__ import annotations

import argparse
import sys

from assets.roadmap.catalogue import load_units
from assets.roadmap.identity import RoadmapIdentity
from pipelines.download.server import make_server
from pipelines.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this computer only)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    outputs = settings.outputs_dir
    units = load_units(settings.sources_dir)
    server = make_server(
        outputs,
        args.host,
        args.port,
        clock=RoadmapIdentity.load(settings.roadmap_dir).local_time,
        unit_names=dict(zip(units["code"], units["name"])),
    )
    host, port = server.server_address[:2]
    print(f"Halaman unduhan {outputs} di http://{host}:{port}/ (Ctrl+C untuk berhenti)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
