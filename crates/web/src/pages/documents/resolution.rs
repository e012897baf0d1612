//! The congress resolution from the record (`/dai-hoi/{id}/nghi-quyet.docx|pdf`): the congress,
//! the targets of the resolution stored for its term and those it elected, in the HD 36 layout
//! with the number the congress gave it; and the same text as a draft of the register, to be
//! edited before it is numbered.

use axum::extract::{Path, State};
use axum::response::Response;
use db::{CongressRow, Draft, OrgRow};
use domain::accounts::access::Action;
use domain::congress::{ElectionKind, Level};
use domain::documents::{recipient_lines, signature_titles};
use domain::register::org::DocKind;
use reports::documents::PartyDoc;
use reports::documents::templates::{ResolutionFacts, resolution};

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::pages::congress::docs::article;
use crate::pages::download::{ascii_name, party_document};
use crate::state::AppState;

/// What the resolution of a congress says, from its record.
async fn facts(s: &AppState, c: &CongressRow) -> Result<ResolutionFacts, WebError> {
    let a = article(&s.db, c.id)
        .await
        .map_err(|e| WebError::BadInput(e.to_string()))?;
    let targets = match s.db.resolution(&c.org_code, Some(c.term)).await {
        Ok(r) => r.targets.into_iter().map(|t| t.target.text).collect(),
        Err(e) if e.is_bad_input() => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let committee =
        s.db.elections(c.id)
            .await?
            .iter()
            .filter(|e| e.kind == ElectionKind::Committee)
            .map(|e| e.elected.len() as u32)
            .sum::<u32>();
    Ok(ResolutionFacts {
        organization: c.org_name.clone(),
        ordinal: c.ordinal,
        term: (c.term.from, c.term.to),
        opened: c.starts_on,
        place: c.place.clone(),
        targets,
        committee_body: ElectionKind::Committee
            .body(Level::of(s.db.org_latest(&c.org_code).await?.kind))
            .to_string(),
        committee: (committee > 0).then_some(committee),
        delegates: (!a.delegates.is_empty())
            .then_some((a.delegates.len() as u32, a.alternates.len() as u32)),
        superior_congress: a.superior_congress,
    })
}

/// The draft of the latest congress's resolution, numbered in the congress's series.
pub(crate) async fn draft_for(s: &AppState, org: &OrgRow) -> Result<Option<Draft>, WebError> {
    let Some(&(id, ..)) = s.db.congresses_of(&org.code).await?.first() else {
        return Ok(None);
    };
    let c = s.db.congress(id).await?;
    let (subject, body) = resolution(&facts(s, &c).await?);
    let (superior, _) = s.db.issuer_names(&org.code).await?;
    Ok(Some(Draft {
        org: org.code.clone(),
        kind: "NQ".into(),
        template: Some("resolution".into()),
        subject,
        body,
        signer: None,
        signer_title: Some(signature_titles(org.kind, false, true).join("\n")),
        recipients: recipient_lines(&[superior, "Các đồng chí đảng viên".into()], &org.name),
        congress: Some(c.id),
    }))
}

/// The resolution as the party's layout prints it.
async fn document(s: &AppState, me: &CurrentUser, id: i32) -> Result<(PartyDoc, String), WebError> {
    let c = s.db.congress(id).await?;
    let org = s.db.org_latest(&c.org_code).await?;
    me.require(&s.db, &org.path, Action::Read, "congress", &id.to_string())
        .await?;
    let (subject, body) = resolution(&facts(s, &c).await?);
    let (superior, province) = s.db.issuer_names(&org.code).await?;
    let symbol = c
        .documents
        .iter()
        .find(|d| d.kind == "NQ")
        .map(|d| d.symbol.clone());
    let name = format!("nghi-quyet-{}", ascii_name(&c.org_code));
    let doc = PartyDoc {
        superior,
        organization: org.name.clone(),
        place: province.or(c.place.clone()).unwrap_or_default(),
        date: Some(c.ends_on),
        symbol,
        kind: DocKind::NQ,
        issuer: "ĐH".into(),
        subject,
        body,
        signature_titles: signature_titles(org.kind, false, true),
        signer: None,
        recipients: recipient_lines(&[], &org.name),
    };
    Ok((doc, name))
}

pub async fn docx(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i32>,
) -> Result<Response, WebError> {
    let (doc, name) = document(&s, &me, id).await?;
    party_document(doc, &name, "docx").await
}

pub async fn pdf(
    State(s): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i32>,
) -> Result<Response, WebError> {
    let (doc, name) = document(&s, &me, id).await?;
    party_document(doc, &name, "pdf").await
}
