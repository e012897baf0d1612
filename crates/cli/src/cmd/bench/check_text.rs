//! `dangvu bench --only check-text`: the number checker on a report of about 100 pages
//! (~300 KB) assembled from paragraphs in the style of the seeds, each full of figures, some
//! wrong; needs no database. Goal: under 100 ms.

use std::time::{Duration, Instant};

use super::measure::{median, ms};
use crate::error::CliError;

/// One paragraph of a branch's report, its figures drawn from `n`: a base, shares (one
/// rounded wrong when `n` is odd), a ratio, lists of parts, dates and document numbers.
fn paragraph(n: usize) -> String {
    let base = 20 + n % 180;
    let women = base * 2 / 5;
    let young = base / 4;
    let pct = |c: usize| domain::text::format_decimal1(c as f64 * 100.0 / base as f64);
    // Every other paragraph prints the women's share half a point off.
    let off = if n % 2 == 1 { 0.5 } else { 0.0 };
    let pw = domain::text::format_decimal1(women as f64 * 100.0 / base as f64 + off);
    let high = base / 3;
    let mid = base / 3;
    let low = base - high - mid;
    format!(
        "Ngày {d}/{m}/2024, Chi bộ số {n} tổ chức sinh hoạt định kỳ theo Kế hoạch số {k}-KH/ĐU ngày 15/3/2024. \
         Chi bộ hiện có {base} đảng viên, trong đó {women} đồng chí nữ, chiếm {pw}%; \
         dưới 30 tuổi có {young} đồng chí, chiếm {py}%. Về trình độ lý luận chính trị có {high} cao cấp, \
         {mid} trung cấp và {low} sơ cấp. Trong năm, có {good}/{base} đảng viên được xếp loại hoàn thành \
         tốt nhiệm vụ trở lên, đạt {pg}%; Chi bộ đã kiểm tra {young} đảng viên, giám sát {women} đảng viên; \
         100% đảng viên tham gia học tập nghị quyết; kết nạp {adm} đảng viên mới, đạt 100% chỉ tiêu.\n\n",
        d = 1 + n % 28,
        m = 1 + n % 12,
        k = 100 + n,
        py = pct(young),
        good = base - 1,
        pg = pct(base - 1),
        adm = 1 + n % 3,
    )
}

/// A report of at least `bytes` bytes.
pub fn report(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 1024);
    let mut n = 0;
    while text.len() < bytes {
        text.push_str(&paragraph(n));
        n += 1;
    }
    text
}

pub fn run(runs: usize) -> Result<(), CliError> {
    let text = report(300 * 1024);
    let first = domain::check::check(&text);
    let mut times: Vec<Duration> = Vec::with_capacity(runs.max(1));
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        std::hint::black_box(domain::check::check(std::hint::black_box(&text)));
        times.push(t.elapsed());
    }
    let s = first.summary;
    println!(
        "[check-text] báo cáo {} KB (~{} trang, {} dòng): {} số liệu được kiểm tra, {} sai, {} ghi chú, {} chưa rõ | dangvu {} (mục tiêu < 100 ms)",
        text.len() / 1024,
        text.len() / 3000,
        domain::text::format_int(text.lines().count() as i64),
        domain::text::format_int(s.checked as i64),
        domain::text::format_int(s.errors as i64),
        s.notes,
        s.ambiguous,
        ms(median(times))
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_report_has_a_wrong_share_in_every_other_paragraph_and_nothing_else_wrong() {
        let text = super::report(20_000);
        let r = domain::check::check(&text);
        let paragraphs = text.matches("Chi bộ số").count();
        assert_eq!(r.summary.errors, paragraphs / 2, "{:#?}", r.findings);
        assert_eq!(
            r.summary.notes + r.summary.ambiguous,
            0,
            "{:#?}",
            r.findings
        );
        assert_eq!(r.summary.checked, paragraphs * 4);
    }
}
