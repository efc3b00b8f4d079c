from __future__ import annotations

from vaultkit.cli import main

raise SystemExit(main())
