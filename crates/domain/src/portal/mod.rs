//! The public news portal (cổng tin tức): an article's status and what may follow it, its
//! stable address (the slug, from the title without diacritics), the checks of what an editor
//! types, the body read as paragraphs, and which articles count as related.

use chrono::{Datelike, NaiveDateTime};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Where an article stands. Only a published article is shown to the public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleStatus {
    /// Written or generated, not yet approved: seen only by editors.
    Draft,
    /// Approved by a secretary or staff of the organization (or above): public.
    Published,
    /// Taken off the portal after publication: seen only by editors, may be edited again.
    Withdrawn,
}

impl ArticleStatus {
    pub const ALL: [Self; 3] = [Self::Draft, Self::Published, Self::Withdrawn];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Bản nháp",
            Self::Published => "Đã đăng",
            Self::Withdrawn => "Đã gỡ",
        }
    }

    /// The editor may change the text: a draft, or a withdrawn article (which goes back to
    /// draft). A published article is withdrawn first, so the public never reads a text
    /// nobody approved.
    pub fn editable(self) -> bool {
        !matches!(self, Self::Published)
    }
}

/// Why an article or a step on it was refused. `Display` is the Vietnamese message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PortalError {
    #[error("tiêu đề không được để trống")]
    EmptyTitle,
    #[error("tiêu đề dài {0} ký tự, tối đa {MAX_TITLE_CHARS}")]
    LongTitle(usize),
    #[error("nội dung không được để trống")]
    EmptyBody,
    #[error("nội dung dài {0} ký tự, tối đa {MAX_BODY_CHARS}")]
    LongBody(usize),
    #[error("nguồn tin dài {0} ký tự, tối đa {MAX_SOURCE_CHARS}")]
    LongSource(usize),
    #[error("tin bài đang đăng trên cổng: hãy gỡ tin xuống trước khi sửa")]
    PublishedNotEditable,
    #[error("tin bài {0} không thể {1}")]
    BadStep(&'static str, &'static str),
}

pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_BODY_CHARS: usize = 100_000;
pub const MAX_SOURCE_CHARS: usize = 300;
/// The longest slug before its number: long enough to tell headlines apart.
pub const MAX_SLUG_CHARS: usize = 80;

/// What the editor typed, checked and NFC-normalized: title, body (paragraphs separated by a
/// blank line, line ends as `\n`), source line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleText {
    pub title: String,
    pub body: String,
    pub source: String,
}

/// Each field's refusal, by field name (`title`, `body`, `source`).
pub type FieldErrors = Vec<(&'static str, PortalError)>;

impl ArticleText {
    /// Checks and normalizes the three fields; every refusal is returned, by field.
    pub fn parse(title: &str, body: &str, source: &str) -> Result<Self, FieldErrors> {
        let title = crate::text::normalize(title);
        let source = crate::text::normalize(source);
        let body = normalize_body(body);
        let mut errors = FieldErrors::new();
        let chars = |s: &str| s.chars().count();
        if title.is_empty() {
            errors.push(("title", PortalError::EmptyTitle));
        } else if chars(&title) > MAX_TITLE_CHARS {
            errors.push(("title", PortalError::LongTitle(chars(&title))));
        }
        if body.is_empty() {
            errors.push(("body", PortalError::EmptyBody));
        } else if chars(&body) > MAX_BODY_CHARS {
            errors.push(("body", PortalError::LongBody(chars(&body))));
        }
        if chars(&source) > MAX_SOURCE_CHARS {
            errors.push(("source", PortalError::LongSource(chars(&source))));
        }
        if errors.is_empty() {
            Ok(Self {
                title,
                body,
                source,
            })
        } else {
            Err(errors)
        }
    }
}

/// The body as stored: NFC, `\n` line ends, trailing spaces cut, at most one blank line
/// between paragraphs, none at the ends.
pub fn normalize_body(raw: &str) -> String {
    let nfc = raw
        .nfc()
        .collect::<String>()
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let mut out = String::with_capacity(nfc.len());
    let mut blank = false;
    for line in nfc.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push_str("\n\n");
            blank = false;
        } else if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

/// One block of an article's body as the public page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A subheading: a paragraph written `## …`.
    Heading(String),
    /// A paragraph; the lines of one paragraph are joined with a space.
    Paragraph(String),
}

/// The body read as blocks: paragraphs separated by a blank line, a paragraph starting with
/// `#` a subheading (the Markdown-like text the congress article draft produces).
pub fn blocks(body: &str) -> Vec<Block> {
    body.split("\n\n")
        .map(|p| {
            p.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|p| !p.is_empty())
        .map(|p| {
            let h = p.trim_start_matches('#');
            if h.len() < p.len() && h.starts_with(' ') {
                Block::Heading(h.trim().to_string())
            } else {
                Block::Paragraph(p)
            }
        })
        .collect()
}

/// The first sentence-sized piece of the body, for lists and the RSS description: the first
/// paragraph cut at a word boundary after about `max` characters, with "…" when cut.
pub fn summary(body: &str, max: usize) -> String {
    let first = blocks(body)
        .into_iter()
        .find_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            Block::Heading(_) => None,
        })
        .unwrap_or_default();
    if first.chars().count() <= max {
        return first;
    }
    let cut: String = first.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':']))
}

/// The slug of a title: the search key (no diacritics, "đ" as "d", lower case) with every run
/// of other characters than a–z and 0–9 as one "-", cut at a word boundary after at most
/// [`MAX_SLUG_CHARS`]; "tin-bai" when nothing is left. "Đại hội Chi bộ Sở Ngoại vụ lần thứ IV,
/// nhiệm kỳ 2020–2025" → "dai-hoi-chi-bo-so-ngoai-vu-lan-thu-iv-nhiem-ky-2020-2025".
pub fn slug_base(title: &str) -> String {
    let key = crate::text::search_key(title);
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    if out.len() > MAX_SLUG_CHARS {
        let cut = &out[..MAX_SLUG_CHARS];
        let at = cut.rfind('-').filter(|&i| i > 0).unwrap_or(MAX_SLUG_CHARS);
        out = cut[..at].to_string();
    }
    if out.is_empty() {
        "tin-bai".into()
    } else {
        out
    }
}

/// The `n`-th slug tried for a title whose base is `base`: the base itself first, then
/// "base-2", "base-3" … while the earlier ones are taken.
pub fn slug_numbered(base: &str, n: u32) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}-{n}")
    }
}

/// Whether `raw` could be a slug this module makes (so a public address with anything else
/// answers "not found" without a database lookup).
pub fn is_slug(raw: &str) -> bool {
    !raw.is_empty()
        && raw.len() <= MAX_SLUG_CHARS + 12
        && raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !raw.starts_with('-')
        && !raw.ends_with('-')
}

/// A published article as the related-articles rule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i32,
    pub org_id: i32,
    pub published_at: NaiveDateTime,
}

/// The related articles of `this`, at most `n`: those of the same organization first, then
/// the others, each group by nearness of publication (the nearer first, the newer of two
/// equally near). `this` itself is never among them.
pub fn related(this: &Candidate, others: &[Candidate], n: usize) -> Vec<i32> {
    let mut list: Vec<&Candidate> = others.iter().filter(|c| c.id != this.id).collect();
    let gap = |c: &Candidate| (c.published_at - this.published_at).num_seconds().abs();
    list.sort_by(|a, b| {
        (a.org_id != this.org_id)
            .cmp(&(b.org_id != this.org_id))
            .then(gap(a).cmp(&gap(b)))
            .then(b.published_at.cmp(&a.published_at))
    });
    list.into_iter().take(n).map(|c| c.id).collect()
}

/// The month of the archive a moment falls in, in Vietnam (UTC+07:00): (year, month).
pub fn archive_month(utc: NaiveDateTime) -> (i32, u32) {
    let local = utc + chrono::Duration::hours(7);
    (local.year(), local.month())
}

/// The UTC bounds `[from, to)` of a month of the archive in Vietnam; `None` for a month that
/// is not one (13, 0) or a year out of range.
pub fn month_bounds(year: i32, month: u32) -> Option<(NaiveDateTime, NaiveDateTime)> {
    if !(1930..=9999).contains(&year) {
        return None;
    }
    let start = chrono::NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        chrono::NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let shift = chrono::Duration::hours(7);
    Some((
        start.and_hms_opt(0, 0, 0)? - shift,
        next.and_hms_opt(0, 0, 0)? - shift,
    ))
}

/// "(09:26 | 18/05/2020)": the moment of publication in Vietnam, as the provinces' portals
/// print it under the headline (seed 000).
pub fn stamp(utc: NaiveDateTime) -> String {
    let local = utc + chrono::Duration::hours(7);
    format!(
        "{} | {}",
        local.format("%H:%M"),
        crate::text::format_date_padded(local.date())
    )
}

#[cfg(test)]
mod tests;
