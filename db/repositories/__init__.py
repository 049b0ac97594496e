"""The only place with SQL. Functions take a Session and keyword-only arguments."""
