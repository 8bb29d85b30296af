"""SMS routing: conversations per phone (keyed hash), unrouted replies, clinics' own numbers

Revision ID: 0012_sms_routes
Revises: 0011_urgent_open_index
Create Date: 2026-12-07 07:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_sms_routes'
down_revision = '0011_urgent_open_index'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'sms_routes',
        sa.Column('phone_hash', sa.LargeBinary(length=32), nullable=False),
        sa.Column('key_id', sa.String(length=40), nullable=False),
        sa.Column('client_id', sa.Uuid(), nullable=False),
        sa.Column('appointment_id', sa.Uuid(), nullable=True),
        sa.Column('shared', sa.Boolean(), nullable=False),
        sa.Column('last_sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('clinic_id', sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('phone_hash', 'clinic_id', 'client_id'),
    )
    op.create_index('ix_sms_routes_phone_recent', 'sms_routes', ['phone_hash', 'last_sent_at'])
    op.create_index(op.f('ix_sms_routes_client_id'), 'sms_routes', ['client_id'])
    op.create_index(op.f('ix_sms_routes_clinic_id'), 'sms_routes', ['clinic_id'])
    op.create_table(
        'unrouted_sms',
        sa.Column('provider_message_id', sa.String(length=40), nullable=False),
        sa.Column('sent_to', sa.String(length=32), nullable=False),
        sa.Column('sealed', sa.LargeBinary(), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('provider_message_id'),
    )
    op.create_index(op.f('ix_unrouted_sms_received_at'), 'unrouted_sms', ['received_at'])
    with op.batch_alter_table('clinics') as batch:
        batch.add_column(sa.Column('sms_number', sa.String(length=16), nullable=True))
        batch.create_unique_constraint('uq_clinics_sms_number', ['sms_number'])


def downgrade():
    with op.batch_alter_table('clinics') as batch:
        batch.drop_constraint('uq_clinics_sms_number', type_='unique')
        batch.drop_column('sms_number')
    op.drop_index(op.f('ix_unrouted_sms_received_at'), table_name='unrouted_sms')
    op.drop_table('unrouted_sms')
    op.drop_index(op.f('ix_sms_routes_clinic_id'), table_name='sms_routes')
    op.drop_index(op.f('ix_sms_routes_client_id'), table_name='sms_routes')
    op.drop_index('ix_sms_routes_phone_recent', table_name='sms_routes')
    op.drop_table('sms_routes')
