//! `dangvu bench`, issue 13: award statistics of the whole province over five calendar years.
//! Loads a realistic number of awards (by default 50,000 over seven years, so that the period
//! filters some out) by bulk insert into the generated province, then times `Db::award_stats`
//! against the hand-written `COUNT(*) … GROUP BY` of `db::SyntheticAward`'s module, checking
//! both count the same.

use std::time::Instant;

use chrono::{Datelike, NaiveDate};
use db::SyntheticAward;
use domain::commendation::stats::{AwardStats, CountRow};
use domain::commendation::{AwardKind, Method, Subject};

use super::measure::{ms, time};
use crate::error::CliError;

/// The kinds with their weight in a province's yearly awards (roughly seed 001's proportions:
/// many Lao động tiên tiến, Giấy khen and provincial Bằng khen; few Huân chương and flags) and
/// the share of them given to collectives, in percent.
const KINDS: [(AwardKind, u32, u32); 14] = [
    (AwardKind::LaoDongTienTien, 300, 0),
    (AwardKind::ChienSiThiDuaCoSo, 80, 0),
    (AwardKind::ChienSiThiDuaTinh, 5, 0),
    (AwardKind::ChienSiThiDuaToanQuoc, 1, 0),
    (AwardKind::TapTheLaoDongTienTien, 60, 100),
    (AwardKind::TapTheLaoDongXuatSac, 30, 100),
    (AwardKind::CoThiDuaTinh, 5, 100),
    (AwardKind::CoThiDuaChinhPhu, 1, 100),
    (AwardKind::GiayKhen, 250, 25),
    (AwardKind::BangKhenTinh, 200, 32),
    (AwardKind::BangKhenThuTuong, 6, 10),
    (AwardKind::HuanChuongLaoDongHangBa, 3, 70),
    (AwardKind::HuanChuongLaoDongHangNhi, 1, 70),
    (AwardKind::HuanChuongLaoDongHangNhat, 1, 80),
];

/// The methods with their weight.
const METHODS: [(Method, u32); 6] = [
    (Method::ThuongXuyen, 70),
    (Method::ChuyenDe, 15),
    (Method::DotXuat, 8),
    (Method::CongHien, 3),
    (Method::NienHan, 3),
    (Method::DoiNgoai, 1),
];

fn pick<T: Copy>(rng: &mut fastrand::Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|i| i.1).sum();
    let mut n = rng.u32(0..total);
    for (t, w) in items {
        if n < *w {
            return *t;
        }
        n -= w;
    }
    items[0].0
}

/// `count` awards spread over the organizations `orgs` and the seven years ending with `last`.
fn synthesize(orgs: &[i32], count: usize, last: i32) -> Vec<SyntheticAward> {
    let mut rng = fastrand::Rng::with_seed(13);
    // The subject from its own stream, so that it does not follow the kind's draw.
    let mut side = fastrand::Rng::with_seed(31);
    let kinds: Vec<((AwardKind, u32), u32)> =
        KINDS.iter().map(|(k, w, c)| ((*k, *c), *w)).collect();
    (0..count)
        .map(|i| {
            let (kind, collective) = pick(&mut rng, &kinds);
            let subject = if side.u32(0..100) < collective {
                Subject::Collective
            } else {
                Subject::Individual
            };
            let year = last - rng.i32(0..7);
            let decided_on = NaiveDate::from_yo_opt(year, rng.u32(1..=365)).unwrap_or_default();
            SyntheticAward {
                org_id: orgs[rng.usize(0..orgs.len())],
                subject,
                kind,
                method: pick(&mut rng, &METHODS),
                number: i as i32 + 1,
                decided_on,
                amount: kind.coefficient_tenths(subject) as i64 * 234_000,
            }
        })
        .collect()
}

/// The hand-written rows summed the way `domain::commendation::stats` sums dangvu's.
fn same_counts(rows: &[(String, String, String, u64)]) -> Result<AwardStats, CliError> {
    let bad = |v: &str| CliError::Failure(format!("giá trị lạ trong cơ sở dữ liệu: {v}"));
    let cells = rows
        .iter()
        .map(|(k, s, m, n)| {
            Ok(CountRow {
                kind: AwardKind::from_code(k).ok_or_else(|| bad(k))?,
                subject: Subject::from_code(s).ok_or_else(|| bad(s))?,
                method: Method::from_code(m).ok_or_else(|| bad(m))?,
                count: *n,
            })
        })
        .collect::<Result<Vec<_>, CliError>>()?;
    Ok(AwardStats::from_rows(cells))
}

/// Loads `count` awards into `root`'s subtree and measures the statistics of its last five
/// complete calendar years.
pub async fn run(
    db: &db::Db,
    root: &str,
    today: NaiveDate,
    runs: usize,
    count: usize,
) -> Result<(), CliError> {
    let tree = db.tree(root, Some(today)).await?;
    let orgs: Vec<i32> = tree.iter().map(|o| o.id).collect();
    let path = tree
        .iter()
        .find(|o| o.code == root)
        .map(|o| o.path.clone())
        .ok_or_else(|| CliError::Failure(format!("không thấy tổ chức {root}")))?;
    let last = today.year();
    let awards = synthesize(&orgs, count, last);
    let t = Instant::now();
    db.load_synthetic_awards(&awards).await?;
    let load = t.elapsed();
    let from = NaiveDate::from_ymd_opt(last - 5, 1, 1).unwrap_or(today);
    let to = NaiveDate::from_ymd_opt(last - 1, 12, 31).unwrap_or(today);

    let ours = db.award_stats(root, from, to).await?;
    let bare = db.baseline_award_counts(&path, from, to).await?;
    let our_total = ours.stats.total().total();
    if same_counts(&bare)? != ours.stats {
        return Err(CliError::Failure(
            "SQL viết tay và dangvu đếm khác nhau".into(),
        ));
    }
    let ours_time = time(runs, || async {
        Ok::<_, CliError>(db.award_stats(root, from, to).await?)
    })
    .await?;
    let bare_time = time(runs, || async {
        Ok::<_, CliError>(db.baseline_award_counts(&path, from, to).await?)
    })
    .await?;
    println!(
        "\n[awards] {} khen thưởng trong {} tổ chức, ghi hàng loạt: {}",
        domain::text::format_int(awards.len() as i64),
        domain::text::format_int(orgs.len() as i64),
        ms(load)
    );
    println!("[awards] {}", ours.stats.sentence());
    println!(
        "[awards] thống kê khen thưởng toàn tỉnh {}–{} ({} khen thưởng): dangvu (Db::award_stats) {} | SQL viết tay {} | tỉ lệ {:.2}× (mục tiêu ≤ 1,5×)",
        last - 5,
        last - 1,
        domain::text::format_int(our_total as i64),
        ms(ours_time),
        ms(bare_time),
        ours_time.as_secs_f64() / bare_time.as_secs_f64()
    );
    Ok(())
}
