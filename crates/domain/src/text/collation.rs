//! Vietnamese collation of names: by given name, then the rest, in the Vietnamese alphabet.

use std::cmp::Ordering;

/// A sort key for a full name (given name first); byte order of keys is Vietnamese order.
pub fn name_sort_key(full_name: &str) -> String {
    super::search_key(full_name)
}

/// Compares two full names in Vietnamese order.
pub fn compare_names(a: &str, b: &str) -> Ordering {
    name_sort_key(a).cmp(&name_sort_key(b))
}
