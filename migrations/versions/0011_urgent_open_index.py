"""A partial index of the urgent replies nobody has closed yet, for the alert bar on every page of a therapist

Revision ID: 0011_urgent_open_index
Revises: 0010_audio_recordings
Create Date: 2026-11-24 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_urgent_open_index'
down_revision = '0010_audio_recordings'
branch_labels = None
depends_on = None

# The same condition as app.models.inbound.URGENT_OPEN, as each database writes it: the
# query must repeat it word for word for SQLite to use the index.
SQLITE_WHERE = "urgent IS 1 AND state = 'forwarded'"
POSTGRESQL_WHERE = "urgent IS true AND state = 'forwarded'"


def upgrade():
    op.create_index(
        'ix_inbound_messages_urgent_open',
        'inbound_messages',
        ['clinic_id', 'received_at'],
        unique=False,
        sqlite_where=sa.text(SQLITE_WHERE),
        postgresql_where=sa.text(POSTGRESQL_WHERE),
    )


def downgrade():
    op.drop_index('ix_inbound_messages_urgent_open', table_name='inbound_messages')
