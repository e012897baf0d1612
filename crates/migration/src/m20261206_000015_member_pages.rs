//! Every member on the web (issue 20): an account may stand for one party member
//! (`app_user.person_id`, the `member` role), must change a password it was handed
//! (`must_change_password`) and may require a one-time code (`totp_secret`); the member's
//! yearly pledge to follow Hồ Chí Minh's example (`member_pledge`), their self-assessment
//! (`self_assessment`, which also writes the `self` stage of `member_rating`), the deadlines a
//! branch sets for both (`member_deadline`), the notices of a branch's next meeting
//! (`meeting_notice`, with documents of the register attached) and the members' answers
//! ("I will be absent, because …", `notice_reply`), and a member's request to correct their
//! file, which reaches the secretary (`member_request`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(from: &'static str, col: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from, col).to(to, "id").to_owned()
}

async fn index(
    m: &SchemaManager<'_>,
    name: &str,
    table: &'static str,
    cols: &[&'static str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut ix = Index::create();
    ix.name(name).table(table).if_not_exists();
    for c in cols {
        ix.col(*c);
    }
    if unique {
        ix.unique();
    }
    m.create_index(ix.to_owned()).await
}

async fn add_user_columns(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    // SQLite alters one column per statement.
    let columns = [
        ColumnDef::new("person_id").integer().null().to_owned(),
        ColumnDef::new("must_change_password")
            .boolean()
            .not_null()
            .default(false)
            .to_owned(),
        ColumnDef::new("totp_secret").string().null().to_owned(),
    ];
    for mut c in columns {
        m.alter_table(
            Table::alter()
                .table("app_user")
                .add_column(&mut c)
                .to_owned(),
        )
        .await?;
    }
    index(m, "ux_app_user_person", "app_user", &["person_id"], true).await
}

async fn pledges(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("member_pledge")
            .if_not_exists()
            .col(pk_auto("id"))
            .col(integer("person_id"))
            // The branch the member belonged to when they pledged.
            .col(integer("org_id"))
            .col(integer("year"))
            .col(text("content"))
            .col(timestamp("submitted_at"))
            .col(timestamp_null("approved_at"))
            .col(string_null("approved_by"))
            .col(text_null("review"))
            // good | fair | not_done (domain::branch::pledge::PledgeOutcome)
            .col(string_null("outcome"))
            .col(timestamp_null("reviewed_at"))
            .foreign_key(&mut fk("member_pledge", "person_id", "person"))
            .foreign_key(&mut fk("member_pledge", "org_id", "organization"))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ux_member_pledge",
        "member_pledge",
        &["person_id", "year"],
        true,
    )
    .await?;
    index(
        m,
        "ix_member_pledge_org",
        "member_pledge",
        &["org_id", "year"],
        false,
    )
    .await
}

async fn self_assessments(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("self_assessment")
            .if_not_exists()
            .col(pk_auto("id"))
            .col(integer("person_id"))
            .col(integer("org_id"))
            .col(integer("year"))
            // The sections of the form, as JSON {code: text} (domain::branch::pledge).
            .col(text("sections"))
            .col(string("level"))
            .col(timestamp("submitted_at"))
            .foreign_key(&mut fk("self_assessment", "person_id", "person"))
            .foreign_key(&mut fk("self_assessment", "org_id", "organization"))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ux_self_assessment",
        "self_assessment",
        &["person_id", "year"],
        true,
    )
    .await?;
    m.create_table(
        Table::create()
            .table("member_deadline")
            .if_not_exists()
            .col(pk_auto("id"))
            .col(integer("org_id"))
            .col(integer("year"))
            // pledge | self_assessment
            .col(string("kind"))
            .col(date("until"))
            .foreign_key(&mut fk("member_deadline", "org_id", "organization"))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ux_member_deadline",
        "member_deadline",
        &["org_id", "year", "kind"],
        true,
    )
    .await
}

async fn notices(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("meeting_notice")
            .if_not_exists()
            .col(pk_auto("id"))
            .col(integer("org_id"))
            .col(date("meeting_on"))
            .col(string("starts_at"))
            .col(text("place"))
            .col(text("agenda"))
            // Ids of documents of the register, comma-separated, in the order shown.
            .col(text("document_ids"))
            .col(string("created_by"))
            .col(timestamp("created_at"))
            .col(timestamp_null("withdrawn_at"))
            .foreign_key(&mut fk("meeting_notice", "org_id", "organization"))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ix_meeting_notice_org",
        "meeting_notice",
        &["org_id", "meeting_on"],
        false,
    )
    .await?;
    m.create_table(
        Table::create()
            .table("notice_reply")
            .if_not_exists()
            .col(pk_auto("id"))
            .col(integer("notice_id"))
            .col(integer("person_id"))
            .col(boolean("absent"))
            .col(text_null("reason"))
            .col(timestamp("replied_at"))
            .foreign_key(&mut fk("notice_reply", "notice_id", "meeting_notice"))
            .foreign_key(&mut fk("notice_reply", "person_id", "person"))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ux_notice_reply",
        "notice_reply",
        &["notice_id", "person_id"],
        true,
    )
    .await
}

async fn requests(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("member_request")
            .if_not_exists()
            .col(pk_auto("id"))
            .col(integer("person_id"))
            .col(integer("org_id"))
            .col(text("body"))
            .col(timestamp("created_at"))
            .col(timestamp_null("resolved_at"))
            .col(string_null("resolved_by"))
            .col(text_null("answer"))
            .foreign_key(&mut fk("member_request", "person_id", "person"))
            .foreign_key(&mut fk("member_request", "org_id", "organization"))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "ix_member_request_org",
        "member_request",
        &["org_id", "resolved_at"],
        false,
    )
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add_user_columns(m).await?;
        pledges(m).await?;
        self_assessments(m).await?;
        notices(m).await?;
        requests(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "member_request",
            "notice_reply",
            "meeting_notice",
            "member_deadline",
            "self_assessment",
            "member_pledge",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.drop_index(
            Index::drop()
                .name("ux_app_user_person")
                .table("app_user")
                .to_owned(),
        )
        .await?;
        for c in ["totp_secret", "must_change_password", "person_id"] {
            m.alter_table(Table::alter().table("app_user").drop_column(c).to_owned())
                .await?;
        }
        Ok(())
    }
}
