//! Congresses: season plans and their items, congress records with attendance and documents,
//! elections with rounds, candidates and the counting board, and ballot entries chained by hash.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(from: &'static str, col: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from, col)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // A superior's plan (Kế hoạch 205-KH/ĐU) for its subordinates' congresses.
        m.create_table(
            Table::create()
                .table("congress_plan")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("org_id"))
                .col(string("symbol"))
                .col(string("title"))
                .col(date("issued_on"))
                .col(timestamp("created_at"))
                .foreign_key(&mut fk("congress_plan", "org_id", "organization"))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_congress_plan_symbol",
            "congress_plan",
            &["org_id", "symbol"],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table("congress_plan_item")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("plan_id"))
                .col(integer("org_id"))
                .col(date("scheduled_on"))
                .col(boolean("pilot").default(false))
                .col(date_null("previous_on"))
                .foreign_key(&mut fk("congress_plan_item", "plan_id", "congress_plan"))
                .foreign_key(&mut fk("congress_plan_item", "org_id", "organization"))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_congress_plan_item",
            "congress_plan_item",
            &["plan_id", "org_id"],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table("congress")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("org_id"))
                .col(integer("ordinal"))
                .col(integer("term_from"))
                .col(integer("term_to"))
                .col(string("kind"))
                .col(date("starts_on"))
                .col(date("ends_on"))
                .col(string_null("place"))
                .col(text("guests"))
                .col(boolean("pilot").default(false))
                .col(integer_null("resolution_agree"))
                .col(integer_null("resolution_disagree"))
                .col(integer_null("resolution_abstain"))
                .col(boolean_null("resolution_adopted"))
                .col(timestamp("created_at"))
                .foreign_key(&mut fk("congress", "org_id", "organization"))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_congress_ordinal",
            "congress",
            &["org_id", "ordinal"],
            true,
        )
        .await?;

        // The summoned list on the congress date, with each person's presence.
        m.create_table(
            Table::create()
                .table("congress_attendee")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("congress_id"))
                .col(integer("person_id"))
                .col(string("name"))
                .col(string("status"))
                .col(string("presence"))
                .foreign_key(&mut fk("congress_attendee", "congress_id", "congress"))
                .foreign_key(&mut fk("congress_attendee", "person_id", "person"))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_congress_attendee",
            "congress_attendee",
            &["congress_id", "person_id"],
            true,
        )
        .await?;

        // The congress's own number series for all its documents (HD 36-HD/VPTW).
        m.create_table(
            Table::create()
                .table("congress_document")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("congress_id"))
                .col(integer("number"))
                .col(string("kind"))
                .col(string("title"))
                .col(date("issued_on"))
                .foreign_key(&mut fk("congress_document", "congress_id", "congress"))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_congress_document",
            "congress_document",
            &["congress_id", "number"],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table("counting_board")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("congress_id"))
                .col(integer("position"))
                .col(string("name"))
                .col(integer_null("person_id"))
                .foreign_key(&mut fk("counting_board", "congress_id", "congress"))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_counting_board",
            "counting_board",
            &["congress_id", "position"],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table("election")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("congress_id"))
                .col(string("kind"))
                .col(integer("seats"))
                .col(string("status"))
                .col(timestamp("created_at"))
                .foreign_key(&mut fk("election", "congress_id", "congress"))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_election_kind",
            "election",
            &["congress_id", "kind"],
            true,
        )
        .await?;

        // One round; `result` is the closed round's snapshot (the JSON of `dangvu tally`).
        m.create_table(
            Table::create()
                .table("election_round")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("election_id"))
                .col(integer("number"))
                .col(integer("seats"))
                .col(integer("ballots_issued"))
                .col(integer("base"))
                .col(text("base_detail"))
                .col(string("status"))
                .col(text_null("result"))
                .col(timestamp_null("closed_at"))
                .foreign_key(&mut fk("election_round", "election_id", "election"))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_election_round",
            "election_round",
            &["election_id", "number"],
            true,
        )
        .await?;

        m.create_table(
            Table::create()
                .table("round_candidate")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("round_id"))
                .col(integer("position"))
                .col(string("name"))
                .col(integer_null("person_id"))
                .col(integer_null("floor_support"))
                .foreign_key(&mut fk("round_candidate", "round_id", "election_round"))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_round_candidate",
            "round_candidate",
            &["round_id", "position"],
            true,
        )
        .await?;

        // Ballots as each counter (1 or 2) entered them, in sequence, chained by hash.
        m.create_table(
            Table::create()
                .table("ballot_entry")
                .if_not_exists()
                .col(pk_auto("id"))
                .col(integer("round_id"))
                .col(integer("counter"))
                .col(integer("seq"))
                .col(text("payload"))
                .col(string("prev_hash"))
                .col(string("hash"))
                .col(string("entered_by"))
                .col(timestamp("entered_at"))
                .foreign_key(&mut fk("ballot_entry", "round_id", "election_round"))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_ballot_entry",
            "ballot_entry",
            &["round_id", "counter", "seq"],
            true,
        )
        .await?;
        Ok(())
    }
}
