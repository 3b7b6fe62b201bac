"""Alembic environment: runs against the engine the LMS hands over (see cartif_lms.db)."""

from alembic import context

from cartif_lms.db import VERSION_TABLE, Base
from cartif_lms.models import load_all_models

load_all_models()
config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch mode alters a SQLite table by copying it and dropping the old one; with foreign
        # keys on, that drop would delete (cascade) or refuse the rows that point at it. The
        # pragma only works outside a transaction, so it is set before the migration's begins.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            version_table=VERSION_TABLE,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
    finally:
        if sqlite:
            connection.rollback()
            # The connection goes back to the pool: it must enforce foreign keys again.
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
