//! Commendation's figures (issue 13): the eligibility of every member of the generated
//! province for one year against reading the same histories alone, and the appraisal of 1.300
//! dossiers at once (seed 001's office appraised "trên 1.300 hồ sơ").

use std::time::Instant;

use chrono::NaiveDate;
use db::NewDossier;
use domain::commendation::dossier::DocumentKind;
use domain::commendation::{AwardKind, Method, Subject, decide};

use super::measure::{ms, time};
use crate::error::CliError;

pub async fn run(
    db: &db::Db,
    root: &str,
    year: i32,
    today: NaiveDate,
    runs: usize,
) -> Result<(), CliError> {
    let rules = db.rule_book().await?;
    let t = rules.thresholds(year);
    let read = time(runs.min(5), || async {
        Ok::<_, CliError>(db.member_cases(root, year).await?.len())
    })
    .await?;
    let judged = time(runs.min(5), || async {
        let cases = db.member_cases(root, year).await?;
        Ok::<_, CliError>(
            cases
                .iter()
                .map(|m| decide(&m.case, &t).iter().filter(|v| v.eligible).count())
                .sum::<usize>(),
        )
    })
    .await?;
    let cases = db.member_cases(root, year).await?;
    let eligible: usize = cases
        .iter()
        .map(|m| decide(&m.case, &t).iter().filter(|v| v.eligible).count())
        .sum();
    println!(
        "[commend] xét 8 danh hiệu, hình thức cho {} đảng viên năm {year}: {} (đọc quá trình {}; tỉ lệ {:.2}×; mục tiêu < 1 s và ≤ 2×); {} kết quả đủ điều kiện",
        domain::text::format_int(cases.len() as i64),
        ms(judged),
        ms(read),
        judged.as_secs_f64() / read.as_secs_f64().max(1e-9),
        domain::text::format_int(eligible as i64)
    );
    appraisal(db, root, year, today).await
}

/// 1.300 dossiers with their documents, appraised in one go.
async fn appraisal(db: &db::Db, root: &str, year: i32, today: NaiveDate) -> Result<(), CliError> {
    let actor = db::Actor("bench".into());
    let history = format!(
        r#"{{"subject": "individual", "year": {year}, "history": [{{"year": {year}, "rating": "excellent", "titles": [], "initiatives": ["co_so"], "discipline": null}}], "emulation_active": true}}"#
    );
    for i in 0..1300 {
        let id = db
            .submit_dossier(
                &actor,
                &NewDossier {
                    org_code: root.into(),
                    subject: Subject::Individual,
                    person: None,
                    recipient: Some(format!("Người đề nghị {i}")),
                    kind: if i % 2 == 0 {
                        AwardKind::ChienSiThiDuaCoSo
                    } else {
                        AwardKind::LaoDongTienTien
                    },
                    year,
                    method: Method::ThuongXuyen,
                    history: Some(history.clone()),
                    submitted_on: today,
                },
            )
            .await?;
        for k in DocumentKind::ALL
            .iter()
            .take(if i % 3 == 0 { 2 } else { 4 })
        {
            db.add_dossier_document(&actor, id, *k, "", None, today)
                .await?;
        }
    }
    let t = Instant::now();
    let (n, ok) = db.appraise_waiting(&actor, root, today, &|_, _| {}).await?;
    println!(
        "[commend] thẩm định {} hồ sơ một lần: {} ({} đủ điều kiện; mục tiêu < 2 s)",
        domain::text::format_int(n as i64),
        ms(t.elapsed()),
        domain::text::format_int(ok as i64)
    );
    Ok(())
}
