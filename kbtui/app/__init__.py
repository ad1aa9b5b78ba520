"""The Textual app. Only `kbtui` with no sub-command imports this package."""
