//! The document register in storage (DOMAIN.md §7): the documents an organization issued or
//! received (`register` reads them, with the decisions and plans stored elsewhere; `write`
//! records, drafts and numbers them; `sources` reads those other records and finds who issued
//! them).

pub mod register;
mod sources;
pub mod write;

use chrono::NaiveDate;
use serde::Serialize;

use domain::documents::Direction;

/// What a document decides or belongs to, for a link from the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "to", content = "key", rename_all = "snake_case")]
pub enum DocLink {
    /// An organization the decision created, split, merged or dissolved (its code).
    Org(String),
    /// A member whose admission or other event the decision made (the person's id).
    Member(i32),
    /// A congress plan (the issuing organization's code).
    Plan(String),
    /// A congress (its id): the congress's own documents.
    Congress(i32),
}

/// One line of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocRow {
    /// The register's own row; `None` for a decision or plan stored with what it decided.
    pub id: Option<i32>,
    pub symbol: String,
    pub number: Option<u32>,
    /// The kind's abbreviation ("KH").
    pub kind: String,
    /// The issuing organization's code; empty when it lies outside the tree.
    pub issuer: String,
    pub issuer_name: String,
    pub date: Option<NaiveDate>,
    pub subject: String,
    pub direction: Direction,
    /// `draft` (not yet numbered) or `issued`.
    pub status: String,
    pub link: Option<DocLink>,
    pub has_file: bool,
}

impl DocRow {
    /// Whether the row matches a search: the symbol however typed, or the subject and the
    /// symbol without case or diacritics.
    pub fn matches(&self, query: &str) -> bool {
        let q = domain::text::search_key(query);
        if q.is_empty() {
            return true;
        }
        let key = domain::documents::symbol_key(query);
        domain::documents::symbol_key(&self.symbol).contains(&key)
            || domain::text::search_key(&self.subject).contains(&q)
            || domain::text::search_key(&self.symbol).contains(&q)
    }
}

/// What the register lists.
#[derive(Debug, Clone, Default)]
pub struct DocFilter {
    pub kind: Option<String>,
    pub search: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub direction: Option<Direction>,
}
