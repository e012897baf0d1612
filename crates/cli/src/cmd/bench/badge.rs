//! The party badges due over the generated province (`Db::badges_due` on the last award date
//! before today), against a hand-written count of the candidates the same subtree query reads.

use chrono::NaiveDate;
use domain::commendation::badge;

use super::measure::{ms, time};
use crate::error::CliError;

pub async fn run(db: &db::Db, root: &str, as_of: NaiveDate, runs: usize) -> Result<(), CliError> {
    let on = badge::previous_award_date(as_of + chrono::Days::new(1));
    let rows = db.badges_due(root, on).await?;
    // Computed afresh each time: the pages remember the list until the data changes.
    let ours = time(runs, || async {
        Ok::<_, CliError>(db.badges_due_uncached(root, on).await?)
    })
    .await?;
    let remembered = time(runs, || async {
        Ok::<_, CliError>(db.badges_due(root, on).await?)
    })
    .await?;
    let path = db.org(root, Some(on)).await?.path;
    let cutoff = on
        .checked_sub_months(chrono::Months::new(28 * 12))
        .unwrap_or(on);
    let candidates = db.baseline_badge_candidates(&path, on, cutoff).await?;
    let bare = time(runs, || async {
        Ok::<_, CliError>(db.baseline_badge_candidates(&path, on, cutoff).await?)
    })
    .await?;
    println!(
        "[badge] Huy hiệu Đảng dịp {}: {} đảng viên đến hạn trong {} người đủ điều kiện xét | dangvu {} | đọc trần các ứng viên {} | tỉ lệ {:.2}× (mục tiêu < 1 s)",
        domain::text::format_date(on),
        domain::text::format_int(rows.len() as i64),
        domain::text::format_int(candidates as i64),
        ms(ours),
        ms(bare),
        ours.as_secs_f64() / bare.as_secs_f64().max(1e-9)
    );
    println!(
        "[badge] danh sách khi dữ liệu không đổi từ lần tính trước (trang web): {}",
        ms(remembered)
    );
    Ok(())
}
