//! The reason of a congress attendee's excused absence ("vắng có lý do": ốm, công tác, …),
//! shown on the congress page beside the name.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CongressAttendee {
    Table,
    AbsenceReason,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(CongressAttendee::Table)
                .add_column(
                    ColumnDef::new(CongressAttendee::AbsenceReason)
                        .text()
                        .null(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(CongressAttendee::Table)
                .drop_column(CongressAttendee::AbsenceReason)
                .to_owned(),
        )
        .await
    }
}
