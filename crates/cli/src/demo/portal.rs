//! The demo's news portal: the pilot congress's article (Chi bộ Văn phòng Sở Nội vụ, closed
//! with its results) generated from the record, approved by the branch's secretary and
//! published the morning after; and a second congress's draft left waiting for approval, so
//! the editors' list shows both states. Then the seeds' own articles, each generated from the
//! demo's record (its figures computed, so seed 000's 27,5% reads 27,3%) and published on the
//! seed's date with the read count it showed (seed 001's 48, seed 004's 4982).

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
    seeds(db, &actor).await?;
    db.set_setting(&actor, LOADED_KEY, "1").await?;
    Ok(true)
}

/// Seed articles: (organization, congress ordinal, published at in Vietnam, reads before the
/// reader's: a first read of a fresh demo shows the seed's count, 48).
/// Year, month, day, hour, minute.
type When = (i32, u32, u32, u32, u32);

const SEED_ARTICLES: [(&str, u32, When, u64); 4] = [
    ("CB-SNV-VP", 3, (2015, 5, 24, 8, 0), 0),
    ("CB-TDKT", 6, (2019, 11, 8, 16, 30), 47),
    ("CB-VPS2", 1, (2020, 1, 17, 9, 0), 0),
    ("CB-SNV", 4, (2020, 5, 18, 9, 26), 0),
];

/// The seeds' articles, published on their dates with their read counts.
async fn seeds(db: &Db, actor: &Actor) -> Result<(), CliError> {
    let at = |(y, m, d, h, min): When| {
        // Vietnam's time, stored in UTC.
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, min, 0))
            .map(|t| t - chrono::Duration::hours(7))
            .ok_or_else(|| CliError::Failure("ngày đăng tin mẫu".into()))
    };
    for (org, ordinal, when, reads) in SEED_ARTICLES {
        let id = article_of(db, actor, org, Some(ordinal)).await?;
        db.publish_article(actor, id, at(when)?).await?;
        if reads > 0 {
            db.add_article_reads(&[(id, reads)]).await?;
        }
    }
    // Seed 004: the mid-term review, its figures from the review of that day; 4981 reads before
    // the reader's, who sees the seed's 4982.
    let r = db
        .review_as_of("DB-CQTD", None, crate::demo::register::d(2023, 6, 24))
        .await?;
    let admissions = r
        .targets
        .iter()
        .find(|t| t.target.source == domain::branch::target::Source::Admissions)
        .and_then(|t| t.evaluation.achievement_percent)
        .map(domain::text::format_percent)
        .unwrap_or_default();
    let text = domain::portal::ArticleText {
        title: "Đảng ủy Cơ quan Tỉnh đoàn sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ lần thứ XVI, nhiệm kỳ 2020–2025".into(),
        body: format!(
            "Chiều ngày 24/6/2023, Đảng ủy Cơ quan Tỉnh đoàn tổ chức hội nghị sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ lần thứ XVI, nhiệm kỳ 2020–2025.\n\nKết quả nhiệm kỳ đến nay: {}, trong đó chỉ tiêu kết nạp đảng viên mới đạt {admissions}.",
            r.summary.sentence()
        ),
        source: "Đảng ủy Cơ quan Tỉnh đoàn".into(),
    };
    let id = db.create_article(actor, "DB-CQTD", &text, None).await?.id;
    db.publish_article(actor, id, at((2023, 6, 25, 8, 0))?)
        .await?;
    db.add_article_reads(&[(id, 4981)]).await?;
    Ok(())
}

/// A draft made from the latest congress of `org`; returns its id.
async fn article(db: &Db, actor: &Actor, org: &str) -> Result<i32, CliError> {
    article_of(db, actor, org, None).await
}

/// A draft made from the congress of `org` numbered `ordinal` (the latest without one).
async fn article_of(
    db: &Db,
    actor: &Actor,
    org: &str,
    ordinal: Option<u32>,
) -> Result<i32, CliError> {
    let (congress, ..) = db
        .congresses_of(org)
        .await?
        .into_iter()
        .find(|(_, n, _)| ordinal.is_none_or(|o| o == *n))
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
