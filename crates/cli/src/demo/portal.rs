//! The demo's news portal: the pilot congress's article (Chi bộ Văn phòng Sở Nội vụ, closed
//! with its results) generated from the record, approved by the branch's secretary and
//! published the morning after; and a second congress's draft left waiting for approval, so
//! the editors' list shows both states.

use chrono::NaiveDate;
use db::{Actor, Db};

use crate::demo::congress::BRANCH;
use crate::error::CliError;

const LOADED_KEY: &str = "demo.portal";
/// The congress recorded without its elections, whose draft stays a draft.
const DRAFT_BRANCH: &str = "CB-TDKT";

/// Loads the articles unless they are there; returns whether it loaded.
pub async fn load(db: &Db) -> Result<bool, CliError> {
    if db.setting(LOADED_KEY).await?.is_some() {
        return Ok(false);
    }
    let actor = Actor("demo".into());
    let published = article(db, &actor, BRANCH).await?;
    // 16/4/2025 09:26 in Vietnam, the morning after the congress.
    let at = NaiveDate::from_ymd_opt(2025, 4, 16)
        .and_then(|d| d.and_hms_opt(2, 26, 0))
        .ok_or_else(|| CliError::Failure("ngày đăng tin mẫu".into()))?;
    db.publish_article(&Actor("bithu-vpsnoivu".into()), published, at)
        .await?;
    article(db, &actor, DRAFT_BRANCH).await?;
    db.set_setting(&actor, LOADED_KEY, "1").await?;
    Ok(true)
}

/// A draft made from the latest congress of `org`; returns its id.
async fn article(db: &Db, actor: &Actor, org: &str) -> Result<i32, CliError> {
    let (congress, ..) = db
        .congresses_of(org)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| CliError::Failure(format!("dữ liệu mẫu: {org} chưa có đại hội")))?;
    let name = db.org(org, None).await?.name;
    let text = web::portal_draft(db, congress, &name)
        .await
        .map_err(|e| match e {
            web::congress_docs::DocsError::Db(e) => CliError::from(e),
            e => CliError::Failure(format!("dữ liệu mẫu tin bài: {e}")),
        })?;
    Ok(db
        .create_article(actor, org, &text, Some(congress))
        .await?
        .id)
}
