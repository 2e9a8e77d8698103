"""Records bundles: export, safe reading, verification and import (docs/bundle-format.md)."""
