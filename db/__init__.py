"""Schema, migrations, repositories, embedded PostgreSQL and the vector store."""
