//! The organization tree: kinds of DOMAIN.md §1, codes, decision documents, and the dated
//! tree ("the tree as of a date") built from the versions of each organization.

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::text;

/// Why an organization value or change was refused. `Display` is the Vietnamese message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrgError {
    #[error("'{q0}' không phải mã tổ chức hợp lệ (chữ in hoa không dấu, chữ số và dấu '-', từ 2 đến 32 ký tự, ví dụ CB-SNV)", q0 = crate::text::excerpt(.0))]
    BadCode(String),
    #[error("'{q0}' không phải loại tổ chức hợp lệ (Province, Block, GrassrootsCommittee, GrassrootsBranch, PartialCommittee, Branch, Cell)", q0 = crate::text::excerpt(.0))]
    BadKind(String),
    #[error("tên tổ chức không được để trống")]
    EmptyName,
    #[error("{child} không thể trực thuộc {parent}")]
    BadParent {
        child: &'static str,
        parent: &'static str,
    },
    #[error("{0} phải có tổ chức cấp trên")]
    ParentRequired(&'static str),
    #[error("'{q0}' không phải số hiệu văn bản hợp lệ (dạng 118-QĐ/ĐU)", q0 = crate::text::excerpt(.0))]
    BadDocSymbol(String),
    #[error("không thể chuyển tổ chức vào chính nó hoặc vào tổ chức cấp dưới của nó")]
    Cycle,
}

/// The kind of a node of the party tree (DOMAIN.md §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrgKind {
    /// The country's top (Trung ương): the root above the provinces of a national deployment.
    Central,
    Province,
    Block,
    GrassrootsCommittee,
    GrassrootsBranch,
    PartialCommittee,
    Branch,
    Cell,
}

impl OrgKind {
    pub const ALL: [OrgKind; 8] = [
        Self::Central,
        Self::Province,
        Self::Block,
        Self::GrassrootsCommittee,
        Self::GrassrootsBranch,
        Self::PartialCommittee,
        Self::Branch,
        Self::Cell,
    ];

    /// The code used in the CLI, the API and the database (the variant name).
    pub fn code(self) -> &'static str {
        match self {
            Self::Central => "Central",
            Self::Province => "Province",
            Self::Block => "Block",
            Self::GrassrootsCommittee => "GrassrootsCommittee",
            Self::GrassrootsBranch => "GrassrootsBranch",
            Self::PartialCommittee => "PartialCommittee",
            Self::Branch => "Branch",
            Self::Cell => "Cell",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, OrgError> {
        Self::ALL
            .into_iter()
            .find(|k| k.code().eq_ignore_ascii_case(raw.trim()))
            .ok_or_else(|| OrgError::BadKind(raw.trim().to_string()))
    }

    /// The Vietnamese name of the kind.
    pub fn label(self) -> &'static str {
        match self {
            Self::Central => "Trung ương",
            Self::Province => "Đảng bộ tỉnh",
            Self::Block => "Đảng bộ Khối",
            Self::GrassrootsCommittee => "Đảng bộ cơ sở",
            Self::GrassrootsBranch => "Chi bộ cơ sở",
            Self::PartialCommittee => "Đảng bộ bộ phận",
            Self::Branch => "Chi bộ trực thuộc",
            Self::Cell => "Tổ đảng",
        }
    }

    /// Whether a node of this kind may sit directly under a node of kind `parent`
    /// (`None`: at the root). The country (`Central`) or a province is the root, a province
    /// may sit under the country; a grassroots organization sits under
    /// the province or a block; branches sit inside a grassroots or partial committee; cells
    /// inside a branch.
    pub fn may_sit_under(self, parent: Option<OrgKind>) -> Result<(), OrgError> {
        use OrgKind::*;
        let allowed: &[OrgKind] = match self {
            Central => &[],
            Province => &[Central],
            Block => &[Central, Province],
            GrassrootsCommittee | GrassrootsBranch => &[Province, Block],
            PartialCommittee => &[GrassrootsCommittee],
            Branch => &[GrassrootsCommittee, PartialCommittee],
            Cell => &[Branch, GrassrootsBranch],
        };
        match parent {
            None if matches!(self, Central | Province) => Ok(()),
            None => Err(OrgError::ParentRequired(self.label())),
            Some(p) if allowed.contains(&p) => Ok(()),
            Some(p) => Err(OrgError::BadParent {
                child: self.label(),
                parent: p.label(),
            }),
        }
    }

    /// Whether this kind is a grassroots organization (tổ chức cơ sở đảng), the level at which
    /// quotas such as the rating cap apply.
    pub fn is_grassroots(self) -> bool {
        matches!(self, Self::GrassrootsCommittee | Self::GrassrootsBranch)
    }

    /// Whether this kind stands above the grassroots level (the country, a province, a block).
    pub fn is_above_grassroots(self) -> bool {
        matches!(self, Self::Central | Self::Province | Self::Block)
    }
}

impl fmt::Display for OrgKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An organization's short code, e.g. `CB-SNV`: upper-case ASCII letters, digits and '-'.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OrgCode(String);

impl OrgCode {
    pub fn parse(raw: &str) -> Result<Self, OrgError> {
        let s = raw.trim().to_ascii_uppercase();
        let ok = (2..=32).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-');
        if ok {
            Ok(Self(s))
        } else {
            Err(OrgError::BadCode(raw.trim().to_string()))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrgCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An organization's name, NFC-normalized and non-empty.
pub fn parse_org_name(raw: &str) -> Result<String, OrgError> {
    let n = text::normalize(raw);
    if n.is_empty() {
        Err(OrgError::EmptyName)
    } else {
        Ok(n)
    }
}

/// Kinds of party documents (DOMAIN.md §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocKind {
    NQ,
    QD,
    QDi,
    CT,
    KL,
    QC,
    HD,
    BC,
    KH,
    CTr,
    TB,
    TTr,
    BB,
    CV,
}

impl DocKind {
    pub const ALL: [DocKind; 14] = [
        Self::NQ,
        Self::QD,
        Self::QDi,
        Self::CT,
        Self::KL,
        Self::QC,
        Self::HD,
        Self::BC,
        Self::KH,
        Self::CTr,
        Self::TB,
        Self::TTr,
        Self::BB,
        Self::CV,
    ];
    /// The abbreviation printed in a symbol ("QĐ").
    pub fn abbrev(self) -> &'static str {
        match self {
            Self::NQ => "NQ",
            Self::QD => "QĐ",
            Self::QDi => "QĐi",
            Self::CT => "CT",
            Self::KL => "KL",
            Self::QC => "QC",
            Self::HD => "HD",
            Self::BC => "BC",
            Self::KH => "KH",
            Self::CTr => "CTr",
            Self::TB => "TB",
            Self::TTr => "TTr",
            Self::BB => "BB",
            Self::CV => "CV",
        }
    }
    /// The Vietnamese name of the kind ("Quyết định").
    pub fn label(self) -> &'static str {
        match self {
            Self::NQ => "Nghị quyết",
            Self::QD => "Quyết định",
            Self::QDi => "Quy định",
            Self::CT => "Chỉ thị",
            Self::KL => "Kết luận",
            Self::QC => "Quy chế",
            Self::HD => "Hướng dẫn",
            Self::BC => "Báo cáo",
            Self::KH => "Kế hoạch",
            Self::CTr => "Chương trình",
            Self::TB => "Thông báo",
            Self::TTr => "Tờ trình",
            Self::BB => "Biên bản",
            Self::CV => "Công văn",
        }
    }
    /// The kind of an abbreviation as a symbol prints it ("QĐ", "QĐi").
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.abbrev() == raw)
    }
}

/// A document symbol, `118-QĐ/ĐU`: number, kind, issuer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DocSymbol {
    pub number: u32,
    pub kind: DocKind,
    pub issuer: String,
}

impl DocSymbol {
    /// Parses "118-QĐ/ĐU", "Số 205-KH/ĐU" or the fraction-slash form "205-KH⁄ĐU".
    pub fn parse(raw: &str) -> Result<Self, OrgError> {
        let bad = || OrgError::BadDocSymbol(raw.trim().to_string());
        let s = text::normalize(raw).replace('⁄', "/");
        let s = s
            .strip_prefix("Số ")
            .or_else(|| s.strip_prefix("số "))
            .unwrap_or(&s)
            .trim();
        let (num, rest) = s.split_once('-').ok_or_else(bad)?;
        let (kind, issuer) = rest.split_once('/').ok_or_else(bad)?;
        let number: u32 = num.trim().parse().map_err(|_| bad())?;
        let kind = DocKind::parse(kind.trim()).ok_or_else(bad)?;
        let issuer = issuer.trim();
        if number == 0 || issuer.is_empty() || issuer.contains(' ') {
            return Err(bad());
        }
        Ok(Self {
            number,
            kind,
            issuer: issuer.to_string(),
        })
    }
}

impl fmt::Display for DocSymbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}-{}/{}",
            self.number,
            self.kind.abbrev(),
            self.issuer
        )
    }
}

/// A decision document backing a change to the tree, e.g. 118-QĐ/ĐU of 19/02/2019.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub symbol: DocSymbol,
    pub signed_on: NaiveDate,
    pub title: Option<String>,
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} số {} ngày {}",
            self.symbol.kind.label(),
            self.symbol,
            text::format_date(self.signed_on)
        )
    }
}

/// The kinds of dated change to the tree; each is backed by a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrgEventKind {
    Created,
    Renamed,
    Moved,
    SplitFrom,
    MergedInto,
    Dissolved,
}

impl OrgEventKind {
    pub const ALL: [OrgEventKind; 6] = [
        Self::Created,
        Self::Renamed,
        Self::Moved,
        Self::SplitFrom,
        Self::MergedInto,
        Self::Dissolved,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Renamed => "renamed",
            Self::Moved => "moved",
            Self::SplitFrom => "split_from",
            Self::MergedInto => "merged_into",
            Self::Dissolved => "dissolved",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Created => "Thành lập",
            Self::Renamed => "Đổi tên",
            Self::Moved => "Chuyển trực thuộc",
            Self::SplitFrom => "Chia tách",
            Self::MergedInto => "Sáp nhập",
            Self::Dissolved => "Giải thể",
        }
    }
}

/// One version of an organization: its name and parent over `[valid_from, valid_to)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgVersion<Id> {
    pub org: Id,
    pub parent: Option<Id>,
    pub name: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

impl<Id> OrgVersion<Id> {
    /// Whether this version is the one in force on `date`.
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|t| date < t)
    }
}

/// The tree on one date, built from all versions: parent links of the versions in force.
#[derive(Debug, Clone)]
pub struct TreeAsOf<Id: std::hash::Hash + Eq + Clone> {
    parent: HashMap<Id, Option<Id>>,
    children: HashMap<Id, Vec<Id>>,
}

impl<Id: std::hash::Hash + Eq + Clone> TreeAsOf<Id> {
    pub fn build<'a>(
        versions: impl IntoIterator<Item = &'a OrgVersion<Id>>,
        date: NaiveDate,
    ) -> Self
    where
        Id: 'a,
    {
        let mut parent = HashMap::new();
        let mut children: HashMap<Id, Vec<Id>> = HashMap::new();
        for v in versions.into_iter().filter(|v| v.in_force_on(date)) {
            parent.insert(v.org.clone(), v.parent.clone());
            if let Some(p) = &v.parent {
                children.entry(p.clone()).or_default().push(v.org.clone());
            }
        }
        Self { parent, children }
    }

    pub fn contains(&self, org: &Id) -> bool {
        self.parent.contains_key(org)
    }

    /// The organization and everything below it on that date.
    pub fn subtree(&self, root: &Id) -> Vec<Id> {
        let mut out = Vec::new();
        if !self.contains(root) {
            return out;
        }
        let mut stack = vec![root.clone()];
        while let Some(id) = stack.pop() {
            if let Some(kids) = self.children.get(&id) {
                stack.extend(kids.iter().cloned());
            }
            out.push(id);
        }
        out
    }

    /// The chain from the root down to `org` (inclusive); empty if it is not in the tree.
    pub fn ancestry(&self, org: &Id) -> Vec<Id> {
        let mut chain = Vec::new();
        let mut cur = Some(org.clone());
        while let Some(id) = cur {
            let Some(p) = self.parent.get(&id) else { break };
            if chain.contains(&id) {
                break; // a cycle in stored data; stop rather than loop
            }
            chain.push(id);
            cur = p.clone();
        }
        chain.reverse();
        chain
    }

    /// Whether moving `org` under `new_parent` would put it inside its own subtree.
    pub fn would_cycle(&self, org: &Id, new_parent: &Id) -> bool {
        self.ancestry(new_parent).contains(org)
    }
}

/// The materialized path of a node from its ancestry of path segments: `/1/5/23/`.
pub fn materialized_path<S: fmt::Display>(ancestry: &[S]) -> String {
    let mut p = String::from("/");
    for s in ancestry {
        p.push_str(&s.to_string());
        p.push('/');
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn doc_symbol_parses_the_seed_forms() {
        let s = DocSymbol::parse("118-QĐ/ĐU").unwrap();
        assert_eq!(
            (s.number, s.kind, s.issuer.as_str()),
            (118, DocKind::QD, "ĐU")
        );
        assert_eq!(
            DocSymbol::parse("Số 205-KH⁄ĐU").unwrap().to_string(),
            "205-KH/ĐU"
        );
        assert_eq!(DocSymbol::parse("5-TB/CB").unwrap().to_string(), "05-TB/CB");
        assert!(DocSymbol::parse("118/QĐ-ĐU").is_err());
        assert!(DocSymbol::parse("0-QĐ/ĐU").is_err());
    }

    #[test]
    fn codes_are_upper_ascii() {
        assert_eq!(OrgCode::parse("cb-snv").unwrap().as_str(), "CB-SNV");
        assert!(OrgCode::parse("CB SNV").is_err());
        assert!(OrgCode::parse("CB-SNVĐ").is_err());
        assert!(OrgCode::parse("-A").is_err());
    }

    #[test]
    fn kinds_nest_as_the_statute_says() {
        assert!(OrgKind::Province.may_sit_under(None).is_ok());
        assert!(
            OrgKind::GrassrootsBranch
                .may_sit_under(Some(OrgKind::Block))
                .is_ok()
        );
        assert!(
            OrgKind::Branch
                .may_sit_under(Some(OrgKind::GrassrootsCommittee))
                .is_ok()
        );
        assert!(OrgKind::Branch.may_sit_under(Some(OrgKind::Block)).is_err());
        assert!(OrgKind::Block.may_sit_under(None).is_err());
        // A national deployment: the country at the root, provinces and central blocks under it.
        assert!(OrgKind::Central.may_sit_under(None).is_ok());
        assert!(
            OrgKind::Province
                .may_sit_under(Some(OrgKind::Central))
                .is_ok()
        );
        assert!(OrgKind::Block.may_sit_under(Some(OrgKind::Central)).is_ok());
        assert!(
            OrgKind::Central
                .may_sit_under(Some(OrgKind::Province))
                .is_err()
        );
        assert!(
            OrgKind::GrassrootsCommittee
                .may_sit_under(Some(OrgKind::Central))
                .is_err()
        );
        assert_eq!(
            OrgKind::parse("grassrootsbranch"),
            Ok(OrgKind::GrassrootsBranch)
        );
        assert!(OrgKind::parse("Ward").is_err());
    }

    #[test]
    fn a_split_branch_is_absent_from_the_tree_before_its_decision() {
        // Chi bộ Văn phòng Sở 2 was split from Chi bộ Văn phòng Sở on 19/02/2019 (118-QĐ/ĐU).
        let v = |org, parent, from, to| OrgVersion {
            org,
            parent,
            name: String::new(),
            valid_from: from,
            valid_to: to,
        };
        let versions = vec![
            v(1, None, d(2000, 1, 1), None),
            v(2, Some(1), d(2000, 1, 1), None),
            v(3, Some(2), d(2000, 1, 1), None),
            v(4, Some(2), d(2019, 2, 19), None),
        ];
        let before = TreeAsOf::build(&versions, d(2018, 12, 31));
        let after = TreeAsOf::build(&versions, d(2020, 1, 16));
        assert_eq!(before.subtree(&2).len(), 2);
        assert_eq!(after.subtree(&2).len(), 3);
        assert_eq!(after.ancestry(&4), vec![1, 2, 4]);
        assert!(after.would_cycle(&2, &4));
        assert!(!after.would_cycle(&4, &3));
    }

    #[test]
    fn path_is_slash_separated() {
        assert_eq!(materialized_path(&[1, 5, 23]), "/1/5/23/");
    }
}
