//! Access control: roles, grants `(user, role, org)` and the rule `may` that decides by the
//! organization's materialized path; the scopes list queries filter on; sign-in rules.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why an account value was refused. `Display` is the Vietnamese message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccessError {
    #[error("'{q0}' không phải vai trò hợp lệ (admin, staff, secretary, viewer)", q0 = crate::text::excerpt(.0))]
    BadRole(String),
    #[error("'{q0}' không phải tên đăng nhập hợp lệ (từ 3 đến 32 ký tự: chữ thường không dấu a-z, chữ số, dấu '.', '_' hoặc '-')", q0 = crate::text::excerpt(.0))]
    BadUsername(String),
    #[error("mật khẩu phải có ít nhất {MIN_PASSWORD_CHARS} ký tự (hiện có {0})")]
    PasswordTooShort(usize),
    #[error("mật khẩu quá dễ đoán: {0}")]
    WeakPassword(&'static str),
    #[error(
        "mật khẩu mới phải khác mật khẩu đang dùng và {} mật khẩu đã dùng gần nhất",
        PASSWORDS_REMEMBERED
    )]
    ReusedPassword,
}

/// The role a grant gives over an organization (CONTRACTS.md, `dangvu user add`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// `admin` — everything in the subtree: read, write, and administer (user management,
    /// the audit log).
    Admin,
    /// `staff` — read and write the subtree.
    Staff,
    /// `secretary` — read and write its own organization only.
    Secretary,
    /// `viewer` — read the subtree.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 4] = [Self::Admin, Self::Staff, Self::Secretary, Self::Viewer];

    /// The code used in the CLI, the API and the database: `admin`, `staff`, `secretary`,
    /// `viewer`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Staff => "staff",
            Self::Secretary => "secretary",
            Self::Viewer => "viewer",
        }
    }

    /// Parses a code, ignoring case and surrounding spaces.
    pub fn parse(raw: &str) -> Result<Self, AccessError> {
        Self::ALL
            .into_iter()
            .find(|r| r.code().eq_ignore_ascii_case(raw.trim()))
            .ok_or_else(|| AccessError::BadRole(raw.trim().to_string()))
    }

    /// The Vietnamese name of the role.
    pub fn label(self) -> &'static str {
        match self {
            Self::Admin => "Quản trị",
            Self::Staff => "Cán bộ",
            Self::Secretary => "Bí thư",
            Self::Viewer => "Người xem",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One right of a user: `role` over the organization `org_id`, whose materialized path
/// (`/1/5/23/`, always ending in '/') is `org_path`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Grant {
    pub role: Role,
    pub org_id: i32,
    pub org_path: String,
}

/// What a user wants to do to an organization's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    /// See the organization, its members and documents.
    Read,
    /// Change them.
    Write,
    /// Manage sign-in accounts and read the audit log.
    Administer,
}

/// Whether `target_path` lies in the subtree rooted at `root_path` (the node itself
/// included). Paths end with '/', so `/1/5/` contains `/1/5/23/` but not `/1/55/`.
pub fn in_subtree(root_path: &str, target_path: &str) -> bool {
    root_path.ends_with('/') && target_path.starts_with(root_path)
}

/// How far one grant reaches for one action, if at all.
fn reach(role: Role, action: Action) -> Option<Reach> {
    use Action::*;
    match (role, action) {
        (Role::Admin, _) => Some(Reach::Subtree),
        (Role::Staff, Read | Write) => Some(Reach::Subtree),
        (Role::Secretary, Read | Write) => Some(Reach::Own),
        (Role::Viewer, Read) => Some(Reach::Subtree),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    Subtree,
    Own,
}

/// The authorization rule (CONTRACTS.md, `dangvu user add`; ARCHITECTURE.md: grants checked by
/// path prefix). A user may do `action` to the organization at `target_path` when one of their
/// grants allows it:
/// - `admin` (Quản trị): everything — read, write, administer (user management and the audit
///   log) — in its subtree;
/// - `staff` (Cán bộ): read and write the subtree;
/// - `secretary` (Bí thư): read and write its own organization only (path equal), and read
///   nothing else;
/// - `viewer` (Người xem): read the subtree.
///
/// A target is in the subtree when its path starts with the grant's path (paths end with '/',
/// so `/1/5/` does not contain `/1/55/`). No grant, no right.
pub fn may(grants: &[Grant], target_path: &str, action: Action) -> bool {
    grants.iter().any(|g| match reach(g.role, action) {
        Some(Reach::Subtree) => in_subtree(&g.org_path, target_path),
        Some(Reach::Own) => g.org_path == target_path,
        None => false,
    })
}

/// A set of organizations a list query may show, in the form SQL filters on: a subtree
/// (`path LIKE 'prefix%'`) or one organization (`path = 'exact'`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReadScope {
    /// Every organization whose path starts with this prefix (ends with '/').
    Subtree(String),
    /// Exactly the organization with this path.
    Exact(String),
}

impl ReadScope {
    /// Whether the organization at `path` is in this scope.
    pub fn contains(&self, path: &str) -> bool {
        match self {
            Self::Subtree(prefix) => in_subtree(prefix, path),
            Self::Exact(p) => p == path,
        }
    }
    pub fn path(&self) -> &str {
        match self {
            Self::Subtree(p) | Self::Exact(p) => p,
        }
    }
}

/// The scopes of organizations the grants allow `action` on, without redundancy (a scope
/// inside another is dropped), sorted by path. `may(grants, p, action)` holds exactly when
/// one of them contains `p`.
pub fn scopes(grants: &[Grant], action: Action) -> Vec<ReadScope> {
    let mut all: Vec<ReadScope> = grants
        .iter()
        .filter_map(|g| match reach(g.role, action)? {
            Reach::Subtree => Some(ReadScope::Subtree(g.org_path.clone())),
            Reach::Own => Some(ReadScope::Exact(g.org_path.clone())),
        })
        .collect();
    // Subtrees first (so an exact path equal to a subtree's root is dropped), then by path.
    all.sort_by(|a, b| {
        let rank = |s: &ReadScope| matches!(s, ReadScope::Exact(_)) as u8;
        (rank(a), a.path()).cmp(&(rank(b), b.path()))
    });
    let mut kept: Vec<ReadScope> = Vec::new();
    for s in all {
        let covered = kept.iter().any(|k| match k {
            ReadScope::Subtree(prefix) => in_subtree(prefix, s.path()),
            ReadScope::Exact(p) => matches!(&s, ReadScope::Exact(q) if p == q),
        });
        if !covered {
            kept.push(s);
        }
    }
    kept.sort_by(|a, b| a.path().cmp(b.path()));
    kept
}

/// The scopes a user may read, for filtering list queries in SQL: subtree prefixes (admin,
/// staff, viewer) and exact paths (secretary).
pub fn read_prefixes(grants: &[Grant]) -> Vec<ReadScope> {
    scopes(grants, Action::Read)
}

/// The fewest characters a password may have.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// A sign-in name: 3–32 characters of `a-z 0-9 . _ -`, stored lower-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Username(String);

impl Username {
    /// Parses a name, lower-casing ASCII letters and trimming surrounding spaces.
    pub fn parse(raw: &str) -> Result<Self, AccessError> {
        let s = raw.trim().to_ascii_lowercase();
        let ok = (3..=32).contains(&s.len())
            && s.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
            });
        if ok {
            Ok(Self(s))
        } else {
            Err(AccessError::BadUsername(raw.trim().to_string()))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks a new password: at least [`MIN_PASSWORD_CHARS`] characters (not bytes).
pub fn check_password(password: &str) -> Result<(), AccessError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(AccessError::PasswordTooShort(n));
    }
    let distinct: std::collections::HashSet<char> = password.chars().collect();
    if distinct.len() < MIN_DISTINCT_CHARS {
        return Err(AccessError::WeakPassword(
            "dùng quá ít ký tự khác nhau (ít nhất 5)",
        ));
    }
    let folded = password.to_lowercase();
    if COMMON_PASSWORDS.iter().any(|c| folded == *c) {
        return Err(AccessError::WeakPassword(
            "nằm trong danh sách mật khẩu hay bị dùng",
        ));
    }
    let digits: Vec<u32> = password.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() == n && digits.windows(2).all(|w| w[1] == (w[0] + 1) % 10) {
        return Err(AccessError::WeakPassword("là một dãy số liên tiếp"));
    }
    Ok(())
}

/// A password a user chooses for their own account ([`check_password`]), which must not
/// contain the user name nor repeat the password in use or one of the last
/// [`PASSWORDS_REMEMBERED`] replaced (`current_matches`, checked by the
/// caller against the stored hash).
pub fn check_new_password(
    password: &str,
    username: &str,
    current_matches: bool,
) -> Result<(), AccessError> {
    check_password(password)?;
    if username.len() >= 3 && password.to_lowercase().contains(&username.to_lowercase()) {
        return Err(AccessError::WeakPassword("chứa tên đăng nhập"));
    }
    if current_matches {
        return Err(AccessError::ReusedPassword);
    }
    Ok(())
}

/// How many replaced passwords of an account a new one may not repeat, besides the one in use.
pub const PASSWORDS_REMEMBERED: usize = 4;

/// The fewest different characters a password may use.
pub const MIN_DISTINCT_CHARS: usize = 5;

/// Passwords of ten or more characters that lists of leaked passwords put first, in Vietnamese
/// offices too; compared in lower case.
const COMMON_PASSWORDS: [&str; 12] = [
    "1234567890",
    "0123456789",
    "12345678910",
    "qwertyuiop",
    "password123",
    "password1234",
    "matkhau123",
    "matkhau1234",
    "abc1234567",
    "admin12345",
    "admin@1234",
    "1qaz2wsx3edc",
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn g(role: Role, path: &str) -> Grant {
        let org_id = path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Grant {
            role,
            org_id,
            org_path: path.into(),
        }
    }

    use Action::*;

    #[test]
    fn roles_parse_their_codes_and_have_vietnamese_labels() {
        assert_eq!(Role::parse(" Admin "), Ok(Role::Admin));
        assert_eq!(Role::parse("secretary"), Ok(Role::Secretary));
        assert_eq!(
            Role::parse("boss"),
            Err(AccessError::BadRole("boss".into()))
        );
        assert!(
            AccessError::BadRole("boss".into())
                .to_string()
                .contains("'boss'")
        );
        let labels: Vec<_> = Role::ALL.iter().map(|r| r.label()).collect();
        assert_eq!(labels, ["Quản trị", "Cán bộ", "Bí thư", "Người xem"]);
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Ok(r));
        }
    }

    #[test]
    fn admin_does_everything_in_its_subtree() {
        let gs = [g(Role::Admin, "/1/5/")];
        for a in [Read, Write, Administer] {
            assert!(may(&gs, "/1/5/", a));
            assert!(may(&gs, "/1/5/23/", a));
            assert!(!may(&gs, "/1/", a));
            assert!(!may(&gs, "/1/6/", a));
        }
    }

    #[test]
    fn staff_reads_and_writes_its_subtree_but_does_not_administer() {
        let gs = [g(Role::Staff, "/1/5/")];
        assert!(may(&gs, "/1/5/23/", Read));
        assert!(may(&gs, "/1/5/23/", Write));
        assert!(may(&gs, "/1/5/", Write));
        assert!(!may(&gs, "/1/5/", Administer));
        assert!(!may(&gs, "/1/", Read));
    }

    #[test]
    fn secretary_reads_and_writes_its_own_organization_only() {
        let gs = [g(Role::Secretary, "/1/5/23/")];
        assert!(may(&gs, "/1/5/23/", Read));
        assert!(may(&gs, "/1/5/23/", Write));
        assert!(!may(&gs, "/1/5/23/", Administer));
        assert!(
            !may(&gs, "/1/5/23/40/", Read),
            "a cell below is not its own"
        );
        assert!(!may(&gs, "/1/5/", Read), "the parent is not its own");
    }

    #[test]
    fn viewer_only_reads_its_subtree() {
        let gs = [g(Role::Viewer, "/1/5/")];
        assert!(may(&gs, "/1/5/", Read));
        assert!(may(&gs, "/1/5/23/", Read));
        assert!(!may(&gs, "/1/5/23/", Write));
        assert!(!may(&gs, "/1/5/", Administer));
        assert!(!may(&gs, "/1/", Read));
    }

    #[test]
    fn a_subtree_does_not_contain_a_sibling_whose_id_shares_digits() {
        for role in Role::ALL {
            let gs = [g(role, "/1/5/")];
            assert!(!may(&gs, "/1/55/", Read), "{role}");
            assert!(!may(&gs, "/1/55/7/", Read), "{role}");
        }
        assert!(!ReadScope::Subtree("/1/5/".into()).contains("/1/55/"));
        assert!(
            !in_subtree("/1/5", "/1/55/"),
            "a path without '/' contains nothing"
        );
    }

    #[test]
    fn no_grants_no_rights() {
        for a in [Read, Write, Administer] {
            assert!(!may(&[], "/1/", a));
        }
        assert!(read_prefixes(&[]).is_empty());
    }

    #[test]
    fn grants_add_up() {
        let gs = [g(Role::Viewer, "/1/"), g(Role::Secretary, "/1/5/23/")];
        assert!(may(&gs, "/1/6/", Read));
        assert!(!may(&gs, "/1/6/", Write));
        assert!(may(&gs, "/1/5/23/", Write));
    }

    #[test]
    fn read_scopes_drop_what_another_scope_covers() {
        let gs = [
            g(Role::Secretary, "/1/5/23/"),
            g(Role::Viewer, "/1/5/"),
            g(Role::Staff, "/1/5/24/"),
            g(Role::Secretary, "/1/55/"),
            g(Role::Secretary, "/1/55/"),
        ];
        assert_eq!(
            read_prefixes(&gs),
            vec![
                ReadScope::Subtree("/1/5/".into()),
                ReadScope::Exact("/1/55/".into())
            ]
        );
        assert_eq!(
            scopes(&gs, Write),
            vec![
                ReadScope::Exact("/1/5/23/".into()),
                ReadScope::Subtree("/1/5/24/".into()),
                ReadScope::Exact("/1/55/".into())
            ]
        );
        assert!(scopes(&gs, Administer).is_empty());
        assert_eq!(
            scopes(
                &[g(Role::Secretary, "/1/5/"), g(Role::Staff, "/1/5/")],
                Write
            ),
            vec![ReadScope::Subtree("/1/5/".into())]
        );
    }

    #[test]
    fn usernames_are_lower_case_ascii() {
        assert_eq!(
            Username::parse(" Nguyen.An ").unwrap().as_str(),
            "nguyen.an"
        );
        assert!(Username::parse("an_1-b").is_ok());
        assert!(Username::parse("ab").is_err());
        assert!(Username::parse(&"a".repeat(33)).is_err());
        assert!(Username::parse(&"a".repeat(32)).is_ok());
        assert!(Username::parse("nguyễn").is_err());
        assert!(Username::parse("an an").is_err());
        assert!(
            Username::parse("an@x")
                .unwrap_err()
                .to_string()
                .contains("'an@x'")
        );
    }

    #[test]
    fn passwords_need_ten_characters() {
        assert!(check_password("123456789").is_err());
        assert!(check_password("2583691470").is_ok());
        assert!(
            check_password("mậtkhẩuđủ!").is_ok(),
            "ten characters, more bytes"
        );
    }

    /// A random tree: node i > 0 hangs under some node before it. Ids come from a pool of
    /// numbers sharing leading digits (5, 55, 555, 51, …), so that string prefixes of ids
    /// are everywhere — the `/1/5/` vs `/1/55/` trap.
    fn tree() -> impl Strategy<Value = (Vec<i32>, Vec<Option<usize>>)> {
        const POOL: [i32; 16] = [
            1, 5, 55, 555, 51, 15, 515, 551, 11, 111, 2, 25, 52, 255, 525, 552,
        ];
        (2usize..=16)
            .prop_flat_map(|n| {
                (
                    Just(POOL.to_vec()).prop_shuffle(),
                    proptest::collection::vec(any::<prop::sample::Index>(), n),
                )
            })
            .prop_map(|(ids, picks)| {
                let n = picks.len();
                let parents = (0..n).map(|i| (i > 0).then(|| picks[i].index(i))).collect();
                (ids[..n].to_vec(), parents)
            })
    }

    fn path_of(ids: &[i32], parents: &[Option<usize>], mut i: usize) -> String {
        let mut chain = vec![ids[i]];
        while let Some(p) = parents[i] {
            chain.push(ids[p]);
            i = p;
        }
        chain.reverse();
        crate::register::org::materialized_path(&chain)
    }

    /// The naive oracle: walks parent links instead of comparing strings.
    fn is_ancestor_or_self(parents: &[Option<usize>], anc: usize, mut node: usize) -> bool {
        loop {
            if node == anc {
                return true;
            }
            match parents[node] {
                Some(p) => node = p,
                None => return false,
            }
        }
    }

    fn oracle(
        parents: &[Option<usize>],
        grants: &[(Role, usize)],
        target: usize,
        action: Action,
    ) -> bool {
        grants.iter().any(|&(role, org)| {
            let below = is_ancestor_or_self(parents, org, target);
            match (role, action) {
                (Role::Admin, _) => below,
                (Role::Staff, Read | Write) => below,
                (Role::Secretary, Read | Write) => org == target,
                (Role::Viewer, Read) => below,
                _ => false,
            }
        })
    }

    fn role() -> impl Strategy<Value = Role> {
        prop::sample::select(Role::ALL.to_vec())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn may_agrees_with_walking_the_tree(
            (ids, parents) in tree(),
            raw in proptest::collection::vec((role(), any::<prop::sample::Index>()), 0..5),
        ) {
            let n = ids.len();
            let picks: Vec<(Role, usize)> = raw.iter().map(|(r, i)| (*r, i.index(n))).collect();
            let grants: Vec<Grant> = picks
                .iter()
                .map(|&(role, i)| Grant { role, org_id: ids[i], org_path: path_of(&ids, &parents, i) })
                .collect();
            for action in [Read, Write, Administer] {
                let sc = scopes(&grants, action);
                for t in 0..n {
                    let path = path_of(&ids, &parents, t);
                    let expected = oracle(&parents, &picks, t, action);
                    prop_assert_eq!(may(&grants, &path, action), expected, "{} {:?}", path, action);
                    prop_assert_eq!(sc.iter().any(|s| s.contains(&path)), expected, "scopes {:?}", sc);
                }
                // No scope is redundant: none covers another.
                for (i, s) in sc.iter().enumerate() {
                    for (j, other) in sc.iter().enumerate() {
                        let covers = match other {
                            ReadScope::Subtree(p) => in_subtree(p, s.path()),
                            ReadScope::Exact(p) => p == s.path() && matches!(s, ReadScope::Exact(_)),
                        };
                        prop_assert!(i == j || !covers, "{:?} covers {:?}", other, s);
                    }
                }
            }
            prop_assert_eq!(read_prefixes(&grants), scopes(&grants, Read));
        }
    }

    #[test]
    fn weak_and_reused_passwords_are_refused_with_the_reason() {
        assert_eq!(check_password("dangvu-demo"), Ok(()));
        assert_eq!(
            check_password("ngắn"),
            Err(AccessError::PasswordTooShort(4))
        );
        assert!(matches!(
            check_password("aaaaabbbbbb"),
            Err(AccessError::WeakPassword(_))
        ));
        assert!(matches!(
            check_password("MatKhau123"),
            Err(AccessError::WeakPassword(_))
        ));
        assert!(matches!(
            check_password("3456789012"),
            Err(AccessError::WeakPassword(_))
        ));
        assert_eq!(check_password("3456789013"), Ok(()));
        assert!(matches!(
            check_new_password("nguyen.an-2026!", "nguyen.an", false),
            Err(AccessError::WeakPassword("chứa tên đăng nhập"))
        ));
        assert_eq!(
            check_new_password("Mùa-thu-2026", "nguyen.an", true),
            Err(AccessError::ReusedPassword)
        );
        assert_eq!(
            check_new_password("Mùa-thu-2026", "nguyen.an", false),
            Ok(())
        );
        assert_eq!(
            AccessError::ReusedPassword.to_string(),
            "mật khẩu mới phải khác mật khẩu đang dùng và 4 mật khẩu đã dùng gần nhất"
        );
    }
}
