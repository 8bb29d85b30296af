"""Indexes for what every staff page asks, so that it does not slow down with history: late cancellations and reschedule requests waiting (the navigation badge), the current clients (the paged list), whether a therapist treats a client, the inbox's conversations

Revision ID: 0014_page_indexes
Revises: 0013_accounts
Create Date: 2026-12-07 21:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_page_indexes'
down_revision = '0013_accounts'
branch_labels = None
depends_on = None

# The conditions of app.models (LATE_CANCEL_WAITING, REQUEST_PENDING, CURRENT_CLIENT) as
# each database writes them: a query must repeat them for SQLite to use the index.
LATE_CANCEL_WAITING = "cancel_reason IS NOT NULL AND status IN ('booked', 'confirmed')"
REQUEST_PENDING = "state = 'pending'"
CURRENT_CLIENT = "archived_at IS NULL AND restricted_at IS NULL"


def upgrade():
    op.create_index(
        'ix_appointments_late_cancel_waiting',
        'appointments',
        ['clinic_id', 'start_at'],
        unique=False,
        sqlite_where=sa.text(LATE_CANCEL_WAITING),
        postgresql_where=sa.text(LATE_CANCEL_WAITING),
    )
    op.create_index(
        'ix_appointments_client_therapist',
        'appointments',
        ['client_id', 'therapist_id'],
        unique=False,
    )
    op.create_index(
        'ix_reschedule_requests_pending',
        'reschedule_requests',
        ['clinic_id', 'created_at'],
        unique=False,
        sqlite_where=sa.text(REQUEST_PENDING),
        postgresql_where=sa.text(REQUEST_PENDING),
    )
    op.create_index(
        'ix_inbound_messages_conversations',
        'inbound_messages',
        ['clinic_id', 'client_id', 'received_at', 'state', 'urgent'],
        unique=False,
    )
    op.create_index(
        'ix_clients_current',
        'clients',
        ['clinic_id', 'created_at', 'id'],
        unique=False,
        sqlite_where=sa.text(CURRENT_CLIENT),
        postgresql_where=sa.text(CURRENT_CLIENT),
    )


def downgrade():
    op.drop_index('ix_inbound_messages_conversations', table_name='inbound_messages')
    op.drop_index('ix_clients_current', table_name='clients')
    op.drop_index('ix_reschedule_requests_pending', table_name='reschedule_requests')
    op.drop_index('ix_appointments_client_therapist', table_name='appointments')
    op.drop_index('ix_appointments_late_cancel_waiting', table_name='appointments')
