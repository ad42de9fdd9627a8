"""one text index for every search and match list

The science shop's own full-text structures (an FTS5 table on SQLite; a tsvector column, trigger
and GIN index on PostgreSQL) and the match lists' term tables give way to one index of analysed
terms (app/text), read with the same SQL on both databases. The stored texts are indexed again.

Revision ID: 0011_search
Revises: 0010_audit
Create Date: 2026-12-01 21:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0011_search"
down_revision = "0010_audit"
branch_labels = None
depends_on = None

SQLITE_FTS_DOWN = [
    "DROP TRIGGER IF EXISTS trg_requests_fts_insert",
    "DROP TRIGGER IF EXISTS trg_requests_fts_delete",
    "DROP TRIGGER IF EXISTS trg_requests_fts_update",
    "DROP TABLE IF EXISTS requests_fts",
]
PG_FTS_DOWN = [
    "DROP TRIGGER IF EXISTS trg_requests_search_vector ON requests",
    "DROP FUNCTION IF EXISTS requests_search_vector_update()",
    "DROP INDEX IF EXISTS ix_requests_search_vector",
    "ALTER TABLE requests DROP COLUMN IF EXISTS search_vector",
]
# What 0002 built, rebuilt on the way down (then filled from the requests).
SQLITE_FTS_UP = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS requests_fts USING fts5(title, question, public_summary, content='requests', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS trg_requests_fts_insert AFTER INSERT ON requests BEGIN "
    "INSERT INTO requests_fts(rowid, title, question, public_summary) "
    "VALUES (new.id, new.title, new.question, new.public_summary); END",
    "CREATE TRIGGER IF NOT EXISTS trg_requests_fts_delete AFTER DELETE ON requests BEGIN "
    "INSERT INTO requests_fts(requests_fts, rowid, title, question, public_summary) "
    "VALUES ('delete', old.id, old.title, old.question, old.public_summary); END",
    "CREATE TRIGGER IF NOT EXISTS trg_requests_fts_update AFTER UPDATE OF title, question, public_summary ON requests "
    "BEGIN INSERT INTO requests_fts(requests_fts, rowid, title, question, public_summary) "
    "VALUES ('delete', old.id, old.title, old.question, old.public_summary); "
    "INSERT INTO requests_fts(rowid, title, question, public_summary) "
    "VALUES (new.id, new.title, new.question, new.public_summary); END",
    "INSERT INTO requests_fts(requests_fts) VALUES ('rebuild')",
]
PG_FTS_UP = [
    "ALTER TABLE requests ADD COLUMN search_vector tsvector",
    "CREATE OR REPLACE FUNCTION requests_search_vector_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "NEW.search_vector := setweight(to_tsvector('simple'::regconfig, coalesce(NEW.title, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(NEW.public_summary, '')), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(NEW.question, '')), 'C'); RETURN NEW; END $$",
    "CREATE TRIGGER trg_requests_search_vector BEFORE INSERT OR UPDATE OF title, question, public_summary ON requests "
    "FOR EACH ROW EXECUTE FUNCTION requests_search_vector_update()",
    "CREATE INDEX ix_requests_search_vector ON requests USING gin (search_vector)",
    "UPDATE requests SET title = title",
]


def _create_index_tables():
    op.create_table('text_documents',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('object_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('length', sa.Integer(), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('indexed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'object_id', name=op.f('pk_text_documents'))
    )
    with op.batch_alter_table('text_documents', schema=None) as batch_op:
        batch_op.create_index('ix_text_documents_kind_length', ['kind', 'length'], unique=False)
    op.create_table('text_terms',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('object_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('term', sa.String(length=60), nullable=False),
    sa.Column('frequency', sa.Integer(), nullable=False),
    sa.Column('text_length', sa.Integer(), nullable=False),
    sa.Column('text_weight', sa.Float(), nullable=False),
    sa.Column('word', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'object_id', 'term', name=op.f('pk_text_terms'))
    )
    with op.batch_alter_table('text_terms', schema=None) as batch_op:
        batch_op.create_index('ix_text_terms_kind_term',
                              ['kind', 'term', 'object_id', 'frequency', 'text_length', 'text_weight'],
                              unique=False, postgresql_ops={'term': 'text_pattern_ops'})
    op.create_table('text_words',
    sa.Column('word', sa.String(length=80), nullable=False),
    sa.Column('term', sa.String(length=60), nullable=False),
    sa.PrimaryKeyConstraint('word', name=op.f('pk_text_words'))
    )


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in PG_FTS_DOWN if postgres else SQLITE_FTS_DOWN:
        op.execute(statement)
    with op.batch_alter_table('match_terms', schema=None) as batch_op:
        batch_op.drop_index('ix_match_terms_kind_term')
    op.drop_table('match_terms')
    op.drop_table('match_documents')
    _create_index_tables()
    from app.text.index import rebuild

    rebuild(op.get_bind())


def downgrade():
    op.drop_table('text_words')
    with op.batch_alter_table('text_terms', schema=None) as batch_op:
        batch_op.drop_index('ix_text_terms_kind_term')
    op.drop_table('text_terms')
    with op.batch_alter_table('text_documents', schema=None) as batch_op:
        batch_op.drop_index('ix_text_documents_kind_length')
    op.drop_table('text_documents')
    op.create_table('match_documents',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('object_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('length', sa.Integer(), nullable=False),
    sa.Column('indexed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'object_id', name=op.f('pk_match_documents'))
    )
    op.create_table('match_terms',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('object_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('term', sa.String(length=60), nullable=False),
    sa.Column('frequency', sa.Integer(), nullable=False),
    sa.Column('text_length', sa.Integer(), nullable=False),
    sa.Column('word', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'object_id', 'term', name=op.f('pk_match_terms'))
    )
    with op.batch_alter_table('match_terms', schema=None) as batch_op:
        batch_op.create_index('ix_match_terms_kind_term', ['kind', 'term', 'object_id', 'frequency', 'text_length'],
                              unique=False)
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in PG_FTS_UP if postgres else SQLITE_FTS_UP:
        op.execute(statement)
    # The old match index is left empty: the application of that revision indexed texts as it wrote them.
