"""REST API (../shared/API.md). Routes are thin: they call interview services."""
