//! The audit log for administrators of a root organization: newest first, filtered by kind of
//! record, person and dates, a page of 100 at a time, times in Vietnam time, actions and
//! records named in Vietnamese (`domain::accounts::audit`); read-only (no route edits or deletes an entry).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use db::AuditFilter;
use domain::accounts::audit::{ENTITIES, action_label, entity_label};
use serde::Deserialize;

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::state::AppState;

/// How many entries the page shows.
const ROWS: u64 = 100;
/// How many characters of a value the page shows.
const JSON_CHARS: usize = 120;

#[derive(Deserialize)]
pub struct Params {
    /// kind of record
    loai: Option<String>,
    /// who
    nguoi: Option<String>,
    /// from this date (dd/mm/yyyy or yyyy-mm-dd), Vietnam time
    tu: Option<String>,
    /// to this date, inclusive
    den: Option<String>,
    /// about this organization (its code)
    to_chuc: Option<String>,
    /// older than this entry (the next page)
    truoc: Option<i32>,
}

pub struct Line {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub record: String,
    /// Where the record can be seen, when it has a page.
    pub link: Option<String>,
    /// Each field that changed, in Vietnamese, before and after.
    pub changes: Vec<domain::accounts::audit::Change>,
}

#[derive(Template, WebTemplate)]
#[template(path = "accounts/audit.html")]
pub struct AuditPage {
    user: Option<crate::pages::menu::Viewer>,
    csrf: String,
    kind: String,
    actor: String,
    org: String,
    from: String,
    until: String,
    kinds: Vec<(&'static str, &'static str)>,
    lines: Vec<Line>,
    /// Bad filter values, in Vietnamese.
    errors: Vec<String>,
    /// The query string of the next (older) page, when there is one.
    older: Option<String>,
}

fn abbreviate(s: &str) -> String {
    if s.chars().count() <= JSON_CHARS {
        return s.to_string();
    }
    let mut out: String = s.chars().take(JSON_CHARS).collect();
    out.push('…');
    out
}

/// Vietnam time is UTC+7; the log stores UTC.
fn vietnam_offset() -> chrono::Duration {
    chrono::Duration::hours(7)
}

/// A date typed in a filter: blank is no filter; anything else must be a date.
fn filter_date(
    raw: &Option<String>,
    what: &str,
    errors: &mut Vec<String>,
) -> Option<chrono::NaiveDate> {
    let raw = raw.as_deref().map(str::trim).filter(|r| !r.is_empty())?;
    let parsed = domain::text::parse_date(raw)
        .or_else(|| chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok());
    if parsed.is_none() {
        errors.push(format!(
            "{what} “{raw}” không phải là ngày (ngày/tháng/năm)."
        ));
    }
    parsed
}

fn link_of(entity: &str, id: &str) -> Option<String> {
    match entity {
        "person" => id.parse::<i32>().ok().map(|n| format!("/dang-vien/{n}")),
        // Organization codes are letters, digits and dashes (`OrgCode`).
        "organization" if !id.chars().all(|c| c.is_ascii_digit()) => Some(format!("/to-chuc/{id}")),
        "congress" => id.parse::<i32>().ok().map(|n| format!("/dai-hoi/{n}")),
        "election_round" => id.parse::<i32>().ok().map(|n| format!("/dai-hoi/vong/{n}")),
        _ => None,
    }
}

/// One entry as the page shows it: Vietnam time, Vietnamese names, the changed fields.
fn line(e: db::AuditEntry) -> Line {
    Line {
        at: (e.at + vietnam_offset())
            .format("%d/%m/%Y %H:%M")
            .to_string(),
        link: link_of(&e.entity, &e.entity_id),
        record: format!("{} {}", entity_label(&e.entity), e.entity_id),
        action: match e.times {
            1 => action_label(&e.action).to_string(),
            n => format!("{} ({n} lần trong giờ)", action_label(&e.action)),
        },
        changes: domain::accounts::audit::changes(e.before.as_ref(), e.after.as_ref())
            .into_iter()
            .map(|c| domain::accounts::audit::Change {
                before: abbreviate(&c.before),
                after: abbreviate(&c.after),
                field: c.field,
            })
            .collect(),
        actor: e.actor,
    }
}

pub async fn page(
    State(s): State<AppState>,
    me: CurrentUser,
    Query(p): Query<Params>,
) -> Result<AuditPage, WebError> {
    if !crate::pages::menu::may_read_audit(&me) {
        s.db.audit_denied(&me.actor, "audit_log", "*", "Administer")
            .await?;
        return Err(WebError::NotFound);
    }
    let clean = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or_default().to_string();
    let kind = clean(&p.loai);
    let actor = clean(&p.nguoi);
    let org = clean(&p.to_chuc).to_uppercase();
    let mut errors = Vec::new();
    let from = filter_date(&p.tu, "Từ ngày", &mut errors);
    let until = filter_date(&p.den, "Đến ngày", &mut errors);
    if let (Some(a), Some(b)) = (from, until)
        && a > b
    {
        errors.push("“Từ ngày” sau “Đến ngày”: không có mục nào trong khoảng này.".into());
    }
    let midnight = |d: chrono::NaiveDate| d.and_hms_opt(0, 0, 0).unwrap() - vietnam_offset();
    let filter = AuditFilter {
        entity: Some(kind.clone()).filter(|k| !k.is_empty()),
        actor: Some(actor.clone()).filter(|k| !k.is_empty()),
        from: from.map(midnight),
        until: until.map(|d| midnight(d + chrono::Duration::days(1))),
        before_id: p.truoc,
        limit: ROWS + 1,
        org: Some(org.clone()).filter(|o| !o.is_empty()),
    };
    let mut entries = if errors.is_empty() {
        s.db.audit_search(&filter).await?
    } else {
        Vec::new()
    };
    let more = entries.len() as u64 > ROWS;
    entries.truncate(ROWS as usize);
    let older = match entries.last() {
        Some(last) if more => serde_urlencoded::to_string([
            ("loai", kind.clone()),
            ("nguoi", actor.clone()),
            ("to_chuc", org.clone()),
            ("tu", clean(&p.tu)),
            ("den", clean(&p.den)),
            ("truoc", last.id.to_string()),
        ])
        .ok(),
        _ => None,
    };
    let lines = entries.into_iter().map(line).collect();
    Ok(AuditPage {
        user: Some(crate::pages::menu::Viewer::of(&me)),
        csrf: me.csrf.clone(),
        kind,
        actor,
        org,
        from: clean(&p.tu),
        until: clean(&p.den),
        kinds: ENTITIES.to_vec(),
        lines,
        errors,
        older,
    })
}
