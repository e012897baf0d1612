//! The candidate list (danh sách bầu cử): names in ballot order, each once, compared after NFC
//! normalization so that a name typed on another keyboard still matches (DOMAIN.md §9).

use std::collections::HashMap;

use super::ElectionError;
use crate::text::normalize;

/// The names on the ballot, in ballot order, normalized (NFC, single spaces), each once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidates {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Candidates {
    /// Refuses an empty name and a name listed twice (after normalization).
    pub fn new<I, S>(names: I) -> Result<Self, ElectionError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut list = Self {
            names: Vec::new(),
            index: HashMap::new(),
        };
        for (i, raw) in names.into_iter().enumerate() {
            let name = normalize(raw.as_ref());
            if name.is_empty() {
                return Err(ElectionError::EmptyName(i + 1));
            }
            if list.index.contains_key(&name) {
                return Err(ElectionError::DuplicateCandidate(name));
            }
            list.index.insert(name.clone(), i);
            list.names.push(name);
        }
        Ok(list)
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The normalized names in ballot order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The position on the ballot of a name as written on a ballot, if it is on the list.
    pub fn position(&self, raw: &str) -> Option<usize> {
        // Fast path: a name exactly as listed (normalization is idempotent, so a listed name
        // normalizes to itself); counting a large round looks up every struck name.
        if let Some(i) = self.index.get(raw) {
            return Some(*i);
        }
        self.index.get(&normalize(raw)).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn duplicate_candidate_is_refused() {
        assert_eq!(
            Candidates::new(["Lý Thị Hoa", "Mai Văn Tuấn", "Lý Thị Hoa"]),
            Err(ElectionError::DuplicateCandidate("Lý Thị Hoa".into()))
        );
    }

    #[test]
    fn duplicate_candidate_is_found_across_normalization_forms_and_spaces() {
        let nfd: String = "Lý Thị Hoa".nfd().collect();
        let dup = Candidates::new(["Lý Thị Hoa".to_string(), format!(" {nfd} ")]);
        assert_eq!(
            dup,
            Err(ElectionError::DuplicateCandidate("Lý Thị Hoa".into()))
        );
        let dup = Candidates::new(["Lý Thị  Hoa", "Lý Thị Hoa"]);
        assert!(matches!(dup, Err(ElectionError::DuplicateCandidate(_))));
    }

    #[test]
    fn empty_candidate_name_is_refused() {
        assert_eq!(
            Candidates::new(["Lý Thị Hoa", "  "]),
            Err(ElectionError::EmptyName(2))
        );
    }

    #[test]
    fn names_on_ballots_match_after_normalization() {
        let list = Candidates::new(["Đặng Minh Khôi", "Lý Thị Hoa"]).unwrap();
        let nfd: String = "Lý Thị Hoa".nfd().collect();
        assert_eq!(list.position(&nfd), Some(1));
        assert_eq!(list.position(" Đặng  Minh Khôi"), Some(0));
        assert_eq!(list.position("Lý Thị Hòa"), None);
        assert_eq!(list.names(), ["Đặng Minh Khôi", "Lý Thị Hoa"]);
    }
}
