//! The commendation office's line on a committee's home page: the dossiers of its subtree still
//! waiting, and how many are past the appraisal's due date, linking to the work list.

use chrono::NaiveDate;
use domain::commendation::dossier::Status;

use super::due::Due;
use crate::error::WebError;
use crate::state::AppState;

pub async fn dossiers(
    s: &AppState,
    root: &db::OrgRow,
    today: NaiveDate,
) -> Result<Vec<Due>, WebError> {
    let c = s.db.dossier_counts(&root.code, today).await?;
    let open: u64 = c
        .by_status
        .iter()
        .filter(|(st, _)| st.is_open())
        .map(|(_, n)| n)
        .sum();
    if open == 0 {
        return Ok(Vec::new());
    }
    let waiting = c
        .by_status
        .iter()
        .find(|(st, _)| *st == Status::Submitted)
        .map_or(0, |(_, n)| *n);
    let mut what = format!(
        "{} hồ sơ khen thưởng đang xử lý ({} chờ thẩm định)",
        domain::text::format_int(open as i64),
        domain::text::format_int(waiting as i64)
    );
    if c.overdue > 0 {
        what.push_str(&format!(
            ", {} hồ sơ quá hạn",
            domain::text::format_int(c.overdue as i64)
        ));
    }
    Ok(vec![Due {
        what,
        by: None,
        href: format!("/to-chuc/{}/khen-thuong", root.code),
        overdue: c.overdue > 0,
        done: false,
    }])
}
