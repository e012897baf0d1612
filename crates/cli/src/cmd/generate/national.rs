//! `dangvu gen --provinces N`: a country — the `Central` root above N synthetic provinces
//! that share the members unequally (`synth::province_shares`). Each province is drawn and
//! loaded in turn, so memory holds one province at a time, and on PostgreSQL its people go
//! in through `COPY` (`db::register::copy`). One progress bar counts the members of the
//! whole country.

use std::time::Instant;

use chrono::NaiveDate;
use db::{Actor, BulkOrg};
use domain::register::member::{CardNumber, RecordNumber};
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
    let (mut orgs, mut people, mut members) = (1, 0, 0);
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
        renumber(&mut province.people, i, a.provinces);
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
            pb.set_position((members + n.min(in_province)) as u64)
        })
        .await?;
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

/// The two letters of province `index` in record numbers: AA, AB, … AZ, BA, …
fn letters(index: usize) -> String {
    let a = |k: usize| char::from(b'A' + (k % 26) as u8);
    format!("{}{}", a(index / 26), a(index))
}

/// Makes province `index`'s numbers unique in the country: card numbers are national, so
/// each province takes its own share of the 8-digit range (in the order the province drew
/// them, evenly spaced); record numbers keep their 6 digits and take the province's own two
/// letters (`letters`) instead of the prefix's.
fn renumber(people: &mut [synth::SynthPerson], index: usize, provinces: usize) {
    let width = 90_000_000 / provinces.max(1) as u64;
    let low = 10_000_000 + index as u64 * width;
    let mut cards: Vec<(String, usize)> = people
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let card = p.person.membership.as_ref()?.card_number.as_ref()?;
            Some((card.as_str().to_string(), i))
        })
        .collect();
    cards.sort_unstable();
    let step = (width / (cards.len() as u64 + 1)).max(1);
    for (rank, (_, i)) in cards.into_iter().enumerate() {
        if let Some(m) = people[i].person.membership.as_mut() {
            m.card_number = CardNumber::parse(&format!("{:08}", low + rank as u64 * step)).ok();
        }
    }
    let own = letters(index);
    for p in people.iter_mut() {
        if let Some(m) = p.person.membership.as_mut()
            && let Some(r) = &m.record_number
        {
            let (digits, rest) = r.as_str().split_at(6);
            let more = rest.get(2..).unwrap_or("");
            m.record_number = RecordNumber::parse(&format!("{digits}{own}{more}")).ok();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_province_numbers_its_members_apart() {
        let as_of = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let mut cards = std::collections::HashSet::new();
        let mut records = std::collections::HashSet::new();
        let mut members = 0;
        for i in 0..3 {
            let params = synth::Params {
                members: 2_000,
                seed: i as u64,
                as_of,
                code_prefix: format!("VN-{:02}", i + 1),
            };
            let mut province = synth::province(&params, &mut |_, _| {});
            renumber(&mut province.people, i, 3);
            for m in province
                .people
                .iter()
                .filter_map(|p| p.person.membership.as_ref())
            {
                members += 1;
                if let Some(c) = &m.card_number {
                    assert!(cards.insert(c.as_str().to_string()), "card {c:?} twice");
                }
                let r = m.record_number.as_ref().expect("a record number");
                assert!(r.as_str().contains(&letters(i)), "{r:?}");
                assert!(records.insert(r.as_str().to_string()), "record {r:?} twice");
            }
        }
        assert_eq!(members, 6_000);
        assert!(cards.len() > 5_000);
        assert_eq!(
            (letters(0), letters(27)),
            ("AA".to_string(), "BB".to_string())
        );
    }
}
