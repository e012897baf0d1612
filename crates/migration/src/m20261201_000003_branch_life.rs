//! Branch life through the term: congress resolutions and their targets (with values entered
//! by hand and their evidence), meetings and attendance, study sessions and who attended
//! (members and non-member staff alike, by person), supervision plans and records, annual
//! ratings of members and organizations by stage, and exceptions to the Excellent cap.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organization {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Resolution {
    Table,
    Id,
    OrgId,
    TermFrom,
    TermTo,
    Title,
    AdoptedOn,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Target {
    Table,
    Id,
    ResolutionId,
    Position,
    Text,
    Comparator,
    Value,
    Unit,
    Period,
    Source,
}

#[derive(DeriveIden)]
enum TargetValue {
    Table,
    Id,
    TargetId,
    Year,
    Value,
    Evidence,
}

#[derive(DeriveIden)]
enum Meeting {
    Table,
    Id,
    OrgId,
    Kind,
    HeldOn,
    Minutes,
    ThematicPart,
    Topic,
    MinutesText,
    CreatedAt,
}

#[derive(DeriveIden)]
enum MeetingAttendance {
    Table,
    Id,
    MeetingId,
    PersonId,
    Standing,
    Status,
    Reason,
}

#[derive(DeriveIden)]
enum StudySession {
    Table,
    Id,
    OrgId,
    Kind,
    HeldOn,
    Topic,
}

#[derive(DeriveIden)]
enum StudyAttendance {
    Table,
    Id,
    SessionId,
    PersonId,
}

#[derive(DeriveIden)]
enum SupervisionPlan {
    Table,
    Id,
    OrgId,
    Year,
    PlannedPercent,
    Content,
}

#[derive(DeriveIden)]
enum SupervisionRecord {
    Table,
    Id,
    OrgId,
    PersonId,
    HeldOn,
    Kind,
    Content,
    Conclusion,
}

#[derive(DeriveIden)]
enum MemberRating {
    Table,
    Id,
    PersonId,
    OrgId,
    Year,
    Stage,
    Level,
    Score,
    Note,
}

#[derive(DeriveIden)]
enum OrgRating {
    Table,
    Id,
    OrgId,
    Year,
    Stage,
    Level,
    Score,
    Note,
}

#[derive(DeriveIden)]
enum RatingException {
    Table,
    Id,
    OrgId,
    Year,
    Reason,
    GrantedBy,
    CreatedAt,
}

fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .to_owned()
}

async fn index<T: IntoIden + IntoIndexColumn>(
    m: &SchemaManager<'_>,
    name: &str,
    table: T,
    cols: Vec<T>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut ix = Index::create();
    ix.name(name).table(table).if_not_exists();
    for c in cols {
        ix.col(c);
    }
    if unique {
        ix.unique();
    }
    m.create_index(ix.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Resolution::Table)
                .if_not_exists()
                .col(pk_auto(Resolution::Id))
                .col(integer(Resolution::OrgId))
                .col(integer(Resolution::TermFrom))
                .col(integer(Resolution::TermTo))
                .col(string(Resolution::Title))
                .col(date_null(Resolution::AdoptedOn))
                .col(timestamp(Resolution::CreatedAt))
                .foreign_key(&mut fk(
                    (Resolution::Table, Resolution::OrgId),
                    (Organization::Table, Organization::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_resolution_org_term",
            Resolution::Table,
            vec![Resolution::OrgId, Resolution::TermFrom],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Target::Table)
                .if_not_exists()
                .col(pk_auto(Target::Id))
                .col(integer(Target::ResolutionId))
                .col(integer(Target::Position))
                .col(text(Target::Text))
                .col(string(Target::Comparator))
                .col(double(Target::Value))
                .col(string(Target::Unit))
                .col(string(Target::Period))
                .col(string(Target::Source))
                .foreign_key(&mut fk(
                    (Target::Table, Target::ResolutionId),
                    (Resolution::Table, Resolution::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_target_resolution",
            Target::Table,
            vec![Target::ResolutionId, Target::Position],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(TargetValue::Table)
                .if_not_exists()
                .col(pk_auto(TargetValue::Id))
                .col(integer(TargetValue::TargetId))
                .col(integer(TargetValue::Year))
                .col(double(TargetValue::Value))
                .col(text(TargetValue::Evidence))
                .foreign_key(&mut fk(
                    (TargetValue::Table, TargetValue::TargetId),
                    (Target::Table, Target::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_target_value_year",
            TargetValue::Table,
            vec![TargetValue::TargetId, TargetValue::Year],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Meeting::Table)
                .if_not_exists()
                .col(pk_auto(Meeting::Id))
                .col(integer(Meeting::OrgId))
                .col(string(Meeting::Kind))
                .col(date(Meeting::HeldOn))
                .col(integer(Meeting::Minutes))
                .col(boolean(Meeting::ThematicPart).default(false))
                .col(text(Meeting::Topic))
                .col(text_null(Meeting::MinutesText))
                .col(timestamp(Meeting::CreatedAt))
                .foreign_key(&mut fk(
                    (Meeting::Table, Meeting::OrgId),
                    (Organization::Table, Organization::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_meeting_org_date",
            Meeting::Table,
            vec![Meeting::OrgId, Meeting::HeldOn],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(MeetingAttendance::Table)
                .if_not_exists()
                .col(pk_auto(MeetingAttendance::Id))
                .col(integer(MeetingAttendance::MeetingId))
                .col(integer(MeetingAttendance::PersonId))
                .col(string(MeetingAttendance::Standing))
                .col(string(MeetingAttendance::Status))
                .col(text_null(MeetingAttendance::Reason))
                .foreign_key(&mut fk(
                    (MeetingAttendance::Table, MeetingAttendance::MeetingId),
                    (Meeting::Table, Meeting::Id),
                ))
                .foreign_key(&mut fk(
                    (MeetingAttendance::Table, MeetingAttendance::PersonId),
                    (Person::Table, Person::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_meeting_attendance",
            MeetingAttendance::Table,
            vec![MeetingAttendance::MeetingId, MeetingAttendance::PersonId],
            true,
        )
        .await?;
        index(
            m,
            "ix_meeting_attendance_person",
            MeetingAttendance::Table,
            vec![MeetingAttendance::PersonId],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(StudySession::Table)
                .if_not_exists()
                .col(pk_auto(StudySession::Id))
                .col(integer(StudySession::OrgId))
                .col(string(StudySession::Kind))
                .col(date(StudySession::HeldOn))
                .col(text(StudySession::Topic))
                .foreign_key(&mut fk(
                    (StudySession::Table, StudySession::OrgId),
                    (Organization::Table, Organization::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_study_session_org_date",
            StudySession::Table,
            vec![StudySession::OrgId, StudySession::HeldOn, StudySession::Kind],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(StudyAttendance::Table)
                .if_not_exists()
                .col(pk_auto(StudyAttendance::Id))
                .col(integer(StudyAttendance::SessionId))
                .col(integer(StudyAttendance::PersonId))
                .foreign_key(&mut fk(
                    (StudyAttendance::Table, StudyAttendance::SessionId),
                    (StudySession::Table, StudySession::Id),
                ))
                .foreign_key(&mut fk(
                    (StudyAttendance::Table, StudyAttendance::PersonId),
                    (Person::Table, Person::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_study_attendance",
            StudyAttendance::Table,
            vec![StudyAttendance::SessionId, StudyAttendance::PersonId],
            true,
        )
        .await?;
        index(
            m,
            "ix_study_attendance_person",
            StudyAttendance::Table,
            vec![StudyAttendance::PersonId, StudyAttendance::SessionId],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SupervisionPlan::Table)
                .if_not_exists()
                .col(pk_auto(SupervisionPlan::Id))
                .col(integer(SupervisionPlan::OrgId))
                .col(integer(SupervisionPlan::Year))
                .col(double(SupervisionPlan::PlannedPercent))
                .col(text(SupervisionPlan::Content))
                .foreign_key(&mut fk(
                    (SupervisionPlan::Table, SupervisionPlan::OrgId),
                    (Organization::Table, Organization::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_supervision_plan",
            SupervisionPlan::Table,
            vec![SupervisionPlan::OrgId, SupervisionPlan::Year],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SupervisionRecord::Table)
                .if_not_exists()
                .col(pk_auto(SupervisionRecord::Id))
                .col(integer(SupervisionRecord::OrgId))
                .col(integer(SupervisionRecord::PersonId))
                .col(date(SupervisionRecord::HeldOn))
                .col(string(SupervisionRecord::Kind))
                .col(text(SupervisionRecord::Content))
                .col(text_null(SupervisionRecord::Conclusion))
                .foreign_key(&mut fk(
                    (SupervisionRecord::Table, SupervisionRecord::OrgId),
                    (Organization::Table, Organization::Id),
                ))
                .foreign_key(&mut fk(
                    (SupervisionRecord::Table, SupervisionRecord::PersonId),
                    (Person::Table, Person::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_supervision_record_org_date",
            SupervisionRecord::Table,
            vec![
                SupervisionRecord::OrgId,
                SupervisionRecord::HeldOn,
                SupervisionRecord::PersonId,
            ],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(MemberRating::Table)
                .if_not_exists()
                .col(pk_auto(MemberRating::Id))
                .col(integer(MemberRating::PersonId))
                .col(integer(MemberRating::OrgId))
                .col(integer(MemberRating::Year))
                .col(string(MemberRating::Stage))
                .col(string(MemberRating::Level))
                .col(integer_null(MemberRating::Score))
                .col(text_null(MemberRating::Note))
                .foreign_key(&mut fk(
                    (MemberRating::Table, MemberRating::PersonId),
                    (Person::Table, Person::Id),
                ))
                .foreign_key(&mut fk(
                    (MemberRating::Table, MemberRating::OrgId),
                    (Organization::Table, Organization::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_member_rating",
            MemberRating::Table,
            vec![MemberRating::PersonId, MemberRating::Year, MemberRating::Stage],
            true,
        )
        .await?;
        index(
            m,
            "ix_member_rating_org_year",
            MemberRating::Table,
            vec![
                MemberRating::OrgId,
                MemberRating::Year,
                MemberRating::Stage,
                MemberRating::Level,
            ],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(OrgRating::Table)
                .if_not_exists()
                .col(pk_auto(OrgRating::Id))
                .col(integer(OrgRating::OrgId))
                .col(integer(OrgRating::Year))
                .col(string(OrgRating::Stage))
                .col(string(OrgRating::Level))
                .col(integer_null(OrgRating::Score))
                .col(text_null(OrgRating::Note))
                .foreign_key(&mut fk(
                    (OrgRating::Table, OrgRating::OrgId),
                    (Organization::Table, Organization::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_org_rating",
            OrgRating::Table,
            vec![OrgRating::OrgId, OrgRating::Year, OrgRating::Stage],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RatingException::Table)
                .if_not_exists()
                .col(pk_auto(RatingException::Id))
                .col(integer(RatingException::OrgId))
                .col(integer(RatingException::Year))
                .col(text(RatingException::Reason))
                .col(string(RatingException::GrantedBy))
                .col(timestamp(RatingException::CreatedAt))
                .foreign_key(&mut fk(
                    (RatingException::Table, RatingException::OrgId),
                    (Organization::Table, Organization::Id),
                ))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_rating_exception",
            RatingException::Table,
            vec![RatingException::OrgId, RatingException::Year],
            true,
        )
        .await?;
        Ok(())
    }
}
