//! Emulation and commendation (thi đua, khen thưởng): awards and titles given, with their
//! decision and amount; initiatives; campaigns and their pledges; dossiers with their documents
//! and appraisal; and the secretary's adjustments to a branch's yearly proposal.

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
enum CommendationAward {
    Table,
    Id,
    Subject,
    OrgId,
    PersonId,
    Recipient,
    Kind,
    Year,
    Method,
    DecisionNumber,
    DecisionSymbol,
    Issuer,
    DecidedOn,
    Amount,
    DossierId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CommendationInitiative {
    Table,
    Id,
    OrgId,
    PersonId,
    Year,
    Level,
    Title,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CommendationCampaign {
    Table,
    Id,
    OrgId,
    Name,
    Method,
    StartsOn,
    EndsOn,
    Cluster,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CommendationPledge {
    Table,
    Id,
    CampaignId,
    Subject,
    OrgId,
    PersonId,
    Name,
    Target,
    PledgedOn,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CommendationDossier {
    Table,
    Id,
    OrgId,
    Subject,
    PersonId,
    Recipient,
    Kind,
    Year,
    Method,
    History,
    Status,
    SubmittedOn,
    DueOn,
    Eligible,
    Rule,
    Reasons,
    AppraisedOn,
    ProposedOn,
    DecidedOn,
    AwardId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CommendationDocument {
    Table,
    Id,
    DossierId,
    Kind,
    Title,
    FileName,
    Content,
    AddedOn,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CommendationAdjustment {
    Table,
    Id,
    OrgId,
    Year,
    PersonId,
    Kind,
    Include,
    Reason,
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

fn index(name: &str, table: impl IntoIden, cols: Vec<DynIden>) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table).if_not_exists();
    for c in cols {
        i.col(c);
    }
    i.to_owned()
}

fn awards() -> TableCreateStatement {
    use CommendationAward as A;
    Table::create()
        .table(A::Table)
        .if_not_exists()
        .col(pk_auto(A::Id))
        .col(text(A::Subject))
        .col(integer(A::OrgId))
        .col(integer_null(A::PersonId))
        .col(text(A::Recipient))
        .col(text(A::Kind))
        .col(integer(A::Year))
        .col(text(A::Method))
        .col(integer(A::DecisionNumber))
        .col(text(A::DecisionSymbol))
        .col(text(A::Issuer))
        .col(date(A::DecidedOn))
        .col(big_integer(A::Amount))
        .col(integer_null(A::DossierId))
        .col(timestamp(A::CreatedAt))
        .foreign_key(&mut fk(
            (A::Table, A::OrgId),
            (Organization::Table, Organization::Id),
        ))
        .foreign_key(&mut fk(
            (A::Table, A::PersonId),
            (Person::Table, Person::Id),
        ))
        .to_owned()
}

fn initiatives() -> TableCreateStatement {
    use CommendationInitiative as I;
    Table::create()
        .table(I::Table)
        .if_not_exists()
        .col(pk_auto(I::Id))
        .col(integer(I::OrgId))
        .col(integer(I::PersonId))
        .col(integer(I::Year))
        .col(text(I::Level))
        .col(text(I::Title))
        .col(timestamp(I::CreatedAt))
        .foreign_key(&mut fk(
            (I::Table, I::OrgId),
            (Organization::Table, Organization::Id),
        ))
        .foreign_key(&mut fk(
            (I::Table, I::PersonId),
            (Person::Table, Person::Id),
        ))
        .to_owned()
}

fn campaigns() -> TableCreateStatement {
    use CommendationCampaign as C;
    Table::create()
        .table(C::Table)
        .if_not_exists()
        .col(pk_auto(C::Id))
        .col(integer(C::OrgId))
        .col(text(C::Name))
        .col(text(C::Method))
        .col(date(C::StartsOn))
        .col(date(C::EndsOn))
        .col(text_null(C::Cluster))
        .col(timestamp(C::CreatedAt))
        .foreign_key(&mut fk(
            (C::Table, C::OrgId),
            (Organization::Table, Organization::Id),
        ))
        .to_owned()
}

fn pledges() -> TableCreateStatement {
    use CommendationPledge as P;
    Table::create()
        .table(P::Table)
        .if_not_exists()
        .col(pk_auto(P::Id))
        .col(integer(P::CampaignId))
        .col(text(P::Subject))
        .col(integer(P::OrgId))
        .col(integer_null(P::PersonId))
        .col(text(P::Name))
        .col(text(P::Target))
        .col(date(P::PledgedOn))
        .col(timestamp(P::CreatedAt))
        .foreign_key(&mut fk(
            (P::Table, P::CampaignId),
            (CommendationCampaign::Table, CommendationCampaign::Id),
        ))
        .foreign_key(&mut fk(
            (P::Table, P::OrgId),
            (Organization::Table, Organization::Id),
        ))
        .foreign_key(&mut fk(
            (P::Table, P::PersonId),
            (Person::Table, Person::Id),
        ))
        .to_owned()
}

fn dossiers() -> TableCreateStatement {
    use CommendationDossier as D;
    Table::create()
        .table(D::Table)
        .if_not_exists()
        .col(pk_auto(D::Id))
        .col(integer(D::OrgId))
        .col(text(D::Subject))
        .col(integer_null(D::PersonId))
        .col(text(D::Recipient))
        .col(text(D::Kind))
        .col(integer(D::Year))
        .col(text(D::Method))
        .col(text(D::History))
        .col(text(D::Status))
        .col(date(D::SubmittedOn))
        .col(date(D::DueOn))
        .col(boolean_null(D::Eligible))
        .col(text_null(D::Rule))
        .col(text_null(D::Reasons))
        .col(date_null(D::AppraisedOn))
        .col(date_null(D::ProposedOn))
        .col(date_null(D::DecidedOn))
        .col(integer_null(D::AwardId))
        .col(timestamp(D::CreatedAt))
        .foreign_key(&mut fk(
            (D::Table, D::OrgId),
            (Organization::Table, Organization::Id),
        ))
        .foreign_key(&mut fk(
            (D::Table, D::PersonId),
            (Person::Table, Person::Id),
        ))
        .to_owned()
}

fn documents() -> TableCreateStatement {
    use CommendationDocument as D;
    Table::create()
        .table(D::Table)
        .if_not_exists()
        .col(pk_auto(D::Id))
        .col(integer(D::DossierId))
        .col(text(D::Kind))
        .col(text(D::Title))
        .col(text_null(D::FileName))
        .col(blob_null(D::Content))
        .col(date(D::AddedOn))
        .col(timestamp(D::CreatedAt))
        .foreign_key(&mut fk(
            (D::Table, D::DossierId),
            (CommendationDossier::Table, CommendationDossier::Id),
        ))
        .to_owned()
}

fn adjustments() -> TableCreateStatement {
    use CommendationAdjustment as A;
    Table::create()
        .table(A::Table)
        .if_not_exists()
        .col(pk_auto(A::Id))
        .col(integer(A::OrgId))
        .col(integer(A::Year))
        .col(integer(A::PersonId))
        .col(text(A::Kind))
        .col(boolean(A::Include))
        .col(text(A::Reason))
        .col(timestamp(A::CreatedAt))
        .foreign_key(&mut fk(
            (A::Table, A::OrgId),
            (Organization::Table, Organization::Id),
        ))
        .foreign_key(&mut fk(
            (A::Table, A::PersonId),
            (Person::Table, Person::Id),
        ))
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            awards(),
            initiatives(),
            campaigns(),
            pledges(),
            dossiers(),
            documents(),
            adjustments(),
        ] {
            m.create_table(t).await?;
        }
        let ix = [
            index(
                "ix_commendation_award_org",
                CommendationAward::Table,
                vec![
                    CommendationAward::OrgId.into_iden(),
                    CommendationAward::DecidedOn.into_iden(),
                ],
            ),
            index(
                "ix_commendation_award_person",
                CommendationAward::Table,
                vec![
                    CommendationAward::PersonId.into_iden(),
                    CommendationAward::Year.into_iden(),
                ],
            ),
            index(
                "ix_commendation_initiative_person",
                CommendationInitiative::Table,
                vec![
                    CommendationInitiative::PersonId.into_iden(),
                    CommendationInitiative::Year.into_iden(),
                ],
            ),
            index(
                "ix_commendation_pledge_campaign",
                CommendationPledge::Table,
                vec![CommendationPledge::CampaignId.into_iden()],
            ),
            index(
                "ix_commendation_dossier_org",
                CommendationDossier::Table,
                vec![
                    CommendationDossier::OrgId.into_iden(),
                    CommendationDossier::Status.into_iden(),
                ],
            ),
            index(
                "ix_commendation_dossier_due",
                CommendationDossier::Table,
                vec![
                    CommendationDossier::Status.into_iden(),
                    CommendationDossier::DueOn.into_iden(),
                ],
            ),
            index(
                "ix_commendation_document_dossier",
                CommendationDocument::Table,
                vec![CommendationDocument::DossierId.into_iden()],
            ),
            index(
                "ix_commendation_adjustment_org",
                CommendationAdjustment::Table,
                vec![
                    CommendationAdjustment::OrgId.into_iden(),
                    CommendationAdjustment::Year.into_iden(),
                ],
            ),
        ];
        for i in ix {
            m.create_index(i).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            CommendationAdjustment::Table.into_iden(),
            CommendationDocument::Table.into_iden(),
            CommendationDossier::Table.into_iden(),
            CommendationPledge::Table.into_iden(),
            CommendationCampaign::Table.into_iden(),
            CommendationInitiative::Table.into_iden(),
            CommendationAward::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
