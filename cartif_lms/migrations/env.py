"""Alembic environment: runs against the engine the LMS hands over (see cartif_lms.db)."""

from alembic import context

from cartif_lms.db import VERSION_TABLE, Base
from cartif_lms.models import load_all_models

load_all_models()
config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
