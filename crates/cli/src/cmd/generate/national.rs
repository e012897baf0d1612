//! `dangvu gen --provinces N`: a country — the `Central` root above N synthetic provinces
//! that share the members unequally (`synth::province_shares`). Each province is drawn and
//! loaded in turn, so memory holds one province at a time, and on PostgreSQL its people go
//! in through `COPY` (`db::register::copy`). One progress bar counts the members of the
//! whole country.

use std::time::Instant;

use chrono::NaiveDate;
use db::{Actor, BulkOrg};
use domain::register::org::{OrgCode, OrgKind};

use super::{GenArgs, GenReport, bulk_orgs, bulk_people, progress_bar};
use crate::error::{CliError, today};

/// The most provinces a country may have here (Vietnam has 34 since 2025, 63 before).
const MOST_PROVINCES: usize = 100;

/// The longest prefix: a province's code is the prefix with "-NN", and a generated province
/// keeps at most 10 characters of its prefix.
const LONGEST_PREFIX: usize = 7;

/// The Party's founding day, from which the country's root dates.
fn founded() -> NaiveDate {
    NaiveDate::from_ymd_opt(1930, 2, 3).unwrap_or(NaiveDate::MIN)
}

/// Refuses a country that cannot be generated: too many provinces, a prefix too long for
/// its provinces' codes, or a year of branch life (tens of millions of rows at this scale).
pub(super) fn check_args(a: &GenArgs, prefix: &OrgCode) -> Result<(), CliError> {
    if a.provinces > MOST_PROVINCES {
        return Err(CliError::bad(format!(
            "--provinces: {} phải từ 1 đến {MOST_PROVINCES}",
            a.provinces
        )));
    }
    if prefix.as_str().len() > LONGEST_PREFIX {
        return Err(CliError::bad(format!(
            "--prefix: khi sinh cả nước, tiền tố dài nhiều nhất {LONGEST_PREFIX} ký tự \
             (mã tỉnh là tiền tố thêm '-01', '-02'…)"
        )));
    }
    if a.members < a.provinces * 100 {
        return Err(CliError::bad(format!(
            "--members: {} quá ít cho {} tỉnh (cần ít nhất 100 đảng viên mỗi tỉnh)",
            a.members, a.provinces
        )));
    }
    if a.branch_life {
        return Err(CliError::bad(
            "--branch-life chỉ dùng khi sinh một tỉnh, không dùng cùng --provinces",
        ));
    }
    Ok(())
}

/// Generates the country of `a` under the root `prefix`: the root, then each province with
/// its organizations and people.
pub(super) async fn generate(
    db: &db::Db,
    a: &GenArgs,
    prefix: &OrgCode,
    show_progress: bool,
) -> Result<GenReport, CliError> {
    let started = Instant::now();
    let actor = Actor::cli();
    let root = BulkOrg {
        code: prefix.clone(),
        name: "Trung ương (dữ liệu tổng hợp)".to_string(),
        kind: OrgKind::Central,
        parent: None,
        since: founded(),
    };
    db.load_orgs(&actor, &[root], None, &mut |_| {}).await?;
    let shares = synth::province_shares(a.members, a.provinces, a.seed);
    let pb = progress_bar(show_progress, a.members as u64, "Cả nước");
    let (mut orgs, mut people, mut members, mut done) = (1, 0, 0, 0);
    for (i, &share) in shares.iter().enumerate() {
        pb.set_message(format!("Tỉnh {}/{}", i + 1, a.provinces));
        let params = synth::Params {
            members: share,
            seed: a.seed.wrapping_mul(1_000).wrapping_add(i as u64),
            as_of: today(),
            code_prefix: format!("{prefix}-{:02}", i + 1),
        };
        let mut province = synth::province(&params, &mut |_, _| {});
        province.orgs[0].name = format!("Đảng bộ tỉnh Tổng Hợp {:02}", i + 1);
        let ids = db
            .load_orgs(
                &actor,
                &bulk_orgs(&province.orgs),
                Some(prefix),
                &mut |_| {},
            )
            .await?;
        let list = bulk_people(province.people, &ids);
        let in_province = list
            .iter()
            .filter(|p| p.record.membership.is_some())
            .count();
        db.load_people(&actor, &list, false, "gen", &mut |n| {
            // Members come first in each province, then staff: count members only.
            pb.set_position((done + n.min(in_province)) as u64)
        })
        .await?;
        done += in_province;
        orgs += ids.len();
        people += list.len();
        members += in_province;
    }
    pb.finish_and_clear();
    Ok(GenReport {
        orgs,
        people,
        members,
        root: prefix.as_str().to_string(),
        seconds: started.elapsed().as_secs_f64(),
        life: None,
    })
}
