//! `dangvu demo`: loads the demo data set of `crate::demo` through the same repositories the
//! rest of dangvu uses (so it also exercises splits and transfers); loading twice changes nothing.

use chrono::NaiveDate;
use db::{Actor, BulkOrg, BulkPerson, BulkPosting, Db};
use domain::register::lifecycle::MemberEvent;
use domain::register::member::PersonRecord;
use domain::register::org::{Decision, DocSymbol};

use crate::demo::register::{self as demo, d};
use crate::error::{CliError, today};

pub async fn run(url: &str) -> Result<(), CliError> {
    let db = super::open(url).await?;
    if load(&db).await? {
        println!(
            "Đã nạp dữ liệu mẫu: {} tổ chức. Thử: dangvu stats --org CB-SNV --as-of 2020-05-15",
            demo::ORGS.len() + 1
        );
    } else {
        println!("Dữ liệu mẫu đã có; không nạp lại.");
    }
    Ok(())
}

/// Loads the demo data set unless it is there; returns whether it loaded anything.
pub async fn load(db: &Db) -> Result<bool, CliError> {
    if db.setting(demo::LOADED_KEY).await?.is_some() {
        return Ok(false);
    }
    if db.org(demo::ROOT, None).await.is_ok() {
        return Err(CliError::bad(
            "cơ sở dữ liệu đã có tổ chức TU-KG nhưng chưa nạp đủ dữ liệu mẫu; hãy dùng một cơ sở dữ liệu mới (--db sqlite://demo.db)",
        ));
    }
    let actor = Actor("demo".into());
    let today = today();
    let org_ids = load_orgs(db, &actor).await?;
    let people = People::of_the_seeds(&org_ids, today);
    let ids = db
        .load_people(&actor, &people.list, false, "demo", &mut |_| {})
        .await?;
    split_vps(db, &actor, &ids, &people.vps_members, today).await?;
    transfer_after_congress(db, &actor, &ids, today).await?;

    crate::demo::admission::load(db, today).await?;
    // The seeds' congresses before the later seasons, which number on from them.
    crate::demo::seeds::load_congresses(db, &actor, today).await?;
    crate::demo::congress::load(db).await?;
    crate::demo::branch::load(db, &actor, today).await?;
    crate::demo::commendation::load(db, &actor, today).await?;
    crate::demo::badge::load(db, &actor, today).await?;
    // After everyone is in the register (the badge module adds veterans to the branches).
    crate::demo::seeds::load_life(db, &actor, today).await?;
    crate::demo::documents::load(db, &actor).await?;
    crate::demo::portal::load(db).await?;
    crate::demo::members::load(db, &actor, today).await?;
    db.set_setting(&actor, demo::LOADED_KEY, &today.to_string())
        .await?;
    Ok(true)
}

/// The seeds' organizations, parents before children; returns their ids in the order of
/// `demo::ORGS`.
async fn load_orgs(db: &Db, actor: &Actor) -> Result<Vec<i32>, CliError> {
    let orgs: Vec<BulkOrg> = demo::ORGS
        .iter()
        .map(|(code, name, kind, parent, since)| BulkOrg {
            code: demo::org_code(code),
            name: name.to_string(),
            kind: *kind,
            parent: parent.and_then(|p| demo::ORGS.iter().position(|o| o.0 == p)),
            since: d(since.0, since.1, since.2),
        })
        .collect();
    Ok(db.load_orgs(actor, &orgs, None, &mut |_| {}).await?)
}

/// The demo's people, each posted to one organization, numbered in order.
struct People<'a> {
    org_ids: &'a [i32],
    list: Vec<BulkPerson>,
    serial: u32,
    /// The members of Chi bộ Văn phòng Sở (indexes into `list`), some of whom the split moves.
    vps_members: Vec<usize>,
}

impl<'a> People<'a> {
    /// Seed 000's 22, the one admitted later, staff, and the other branches.
    fn of_the_seeds(org_ids: &'a [i32], today: NaiveDate) -> Self {
        let mut people = People {
            org_ids,
            list: Vec::new(),
            serial: 1,
            vps_members: Vec::new(),
        };
        people.snv_members(today);
        let mut rng = fastrand::Rng::with_seed(20200515);
        people.snv_staff(&mut rng, today);
        people.other_orgs(&mut rng);
        people
    }

    /// Seed 000's members of Chi bộ Sở Ngoại vụ and the one admitted later, posted from their
    /// admission.
    fn snv_members(&mut self, today: NaiveDate) {
        for m in demo::SNV_2020
            .iter()
            .chain(std::iter::once(&demo::SNV_LATER))
        {
            let r = m.record(self.serial);
            let from = r
                .membership
                .as_ref()
                .map(|x| x.admitted_on)
                .unwrap_or(today);
            self.post(r, "CB-SNV", from);
        }
    }

    /// Chi bộ Sở Ngoại vụ's non-member staff, posted from 2015.
    fn snv_staff(&mut self, rng: &mut fastrand::Rng, today: NaiveDate) {
        for _ in 0..demo::SNV_NON_MEMBERS {
            let r = demo::invented(rng, self.serial, false, today);
            self.post(r, "CB-SNV", d(2015, 1, 1));
        }
    }

    /// The members and staff of the other organizations, invented.
    fn other_orgs(&mut self, rng: &mut fastrand::Rng) {
        for (code, members, staff) in demo::OTHER_ORGS {
            for i in 0..members + staff {
                let member = i < *members;
                let r = demo::invented(rng, self.serial, member, d(2018, 12, 31));
                let from = r
                    .membership
                    .as_ref()
                    .map(|x| x.admitted_on)
                    .unwrap_or(d(2015, 1, 1));
                if member && *code == "CB-VPS" {
                    self.vps_members.push(self.list.len());
                }
                self.post(r, code, from);
            }
        }
    }

    /// One person posted to `code` from `from` (not before the organization was founded).
    fn post(&mut self, record: PersonRecord, code: &str, from: NaiveDate) {
        let org_id = demo::ORGS
            .iter()
            .position(|o| o.0 == code)
            .map(|i| self.org_ids[i])
            .unwrap_or(0);
        let founded = demo::ORGS
            .iter()
            .find(|o| o.0 == code)
            .map(|o| d(o.4.0, o.4.1, o.4.2))
            .unwrap_or(from);
        self.list.push(BulkPerson {
            postings: vec![BulkPosting {
                org_id,
                from: from.max(founded),
                to: None,
                temporary: false,
            }],
            record,
            ended: None,
        });
        self.serial += 1;
    }
}

/// Seed 002: Chi bộ Văn phòng Sở 2 split from Chi bộ Văn phòng Sở by 118-QĐ/ĐU of 19/02/2019,
/// taking the last of its members.
async fn split_vps(
    db: &Db,
    actor: &Actor,
    ids: &[i32],
    vps_members: &[usize],
    today: NaiveDate,
) -> Result<(), CliError> {
    let (source, code, name, on, symbol) = demo::SPLIT;
    let on = d(on.0, on.1, on.2);
    let decision = Decision {
        symbol: DocSymbol::parse(symbol).map_err(|e| CliError::Failure(e.to_string()))?,
        signed_on: on,
        title: Some("Quyết định chia tách, thành lập Chi bộ Văn phòng Sở 2 trên cơ sở chia tách từ Chi bộ Văn phòng Sở".into()),
    };
    let moved: Vec<i32> = vps_members
        .iter()
        .rev()
        .take(demo::SPLIT_MOVES)
        .map(|&i| ids[i])
        .collect();
    let new = db::NewOrg {
        code: demo::org_code(code),
        name: name.into(),
        kind: domain::register::org::OrgKind::Branch,
        parent: None,
        since: on,
        decision: Some(decision),
    };
    db.split_org(actor, source, &new, &moved, today).await?;
    Ok(())
}

/// A transfer after the 2020 congress, visible in the member's timeline.
async fn transfer_after_congress(
    db: &Db,
    actor: &Actor,
    ids: &[i32],
    today: NaiveDate,
) -> Result<(), CliError> {
    let t = demo::SNV_TRANSFER_ON;
    db.record_member_event(
        actor,
        ids[demo::SNV_TRANSFERRED],
        d(t.0, t.1, t.2),
        MemberEvent::Transferred {
            to: demo::SNV_TRANSFER_TO.into(),
        },
        None,
        today,
    )
    .await?;
    Ok(())
}
