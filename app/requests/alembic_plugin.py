"""Keep autogenerate from dropping the full-text search structures the migration builds by hand.

The FTS5 table (SQLite) and the tsvector column, trigger and GIN index (PostgreSQL) are not in
SQLAlchemy's metadata, because they exist on one database only. Without this filter every
`flask db migrate` would propose to drop them, and the "migrations match the models" test would
see them as differences. The filter runs last and removes exactly those proposals, nothing else.
"""
from alembic.operations import ops
from alembic.runtime.plugins import Plugin
from alembic.util import DispatchPriority, PriorityDispatchResult

from app.requests.search import UNMANAGED_COLUMNS, UNMANAGED_INDEXES, UNMANAGED_TABLES

PLUGIN_NAME = "alembic.autogenerate.samverka_requests_search"


def _keep(op):
    if isinstance(op, ops.DropTableOp):
        return op.table_name not in UNMANAGED_TABLES
    if isinstance(op, ops.DropIndexOp):
        return op.index_name not in UNMANAGED_INDEXES
    if isinstance(op, ops.DropColumnOp):
        return (op.table_name, op.column_name) not in UNMANAGED_COLUMNS
    if isinstance(op, ops.ModifyTableOps):
        op.ops = [child for child in op.ops if _keep(child)]
        return bool(op.ops)
    return True


def _drop_search_structures_from_diff(autogen_context, upgrade_ops, schemas):
    upgrade_ops.ops = [op for op in upgrade_ops.ops if _keep(op)]
    return PriorityDispatchResult.CONTINUE


def setup(plugin):
    plugin.add_autogenerate_comparator(
        _drop_search_structures_from_diff, "schema", priority=DispatchPriority.LAST,
    )


def register():
    """Register the plugin once (it matches Alembic's default "alembic.autogenerate.*")."""
    try:
        plugin = Plugin(PLUGIN_NAME)
    except ValueError:  # already registered by an earlier app
        return
    setup(plugin)
