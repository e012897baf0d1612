//! `dangvu demo`: loads the demo data set of `crate::demo` through the same repositories the
//! rest of dangvu uses (so it also exercises splits and transfers); loading twice changes nothing.

use db::{Actor, BulkOrg, BulkPerson, BulkPosting, Db};
use domain::register::lifecycle::MemberEvent;
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
    let org_ids = db.load_orgs(&actor, &orgs, &mut |_| {}).await?;
    let id_of = |code: &str| {
        demo::ORGS
            .iter()
            .position(|o| o.0 == code)
            .map(|i| org_ids[i])
            .unwrap_or(0)
    };
    let start = |code: &str, from: chrono::NaiveDate| {
        let founded = demo::ORGS
            .iter()
            .find(|o| o.0 == code)
            .map(|o| d(o.4.0, o.4.1, o.4.2))
            .unwrap_or(from);
        from.max(founded)
    };

    // People: seed 000's 22, the one admitted later, staff, and the other branches.
    let mut people = Vec::new();
    let mut serial = 1;
    let posted = |record: domain::register::member::PersonRecord,
                  code: &str,
                  from: chrono::NaiveDate| BulkPerson {
        postings: vec![BulkPosting {
            org_id: id_of(code),
            from: start(code, from),
            to: None,
            temporary: false,
        }],
        record,
        ended: None,
    };
    for m in demo::SNV_2020
        .iter()
        .chain(std::iter::once(&demo::SNV_LATER))
    {
        let r = m.record(serial);
        let from = r
            .membership
            .as_ref()
            .map(|x| x.admitted_on)
            .unwrap_or(today);
        people.push(posted(r, "CB-SNV", from));
        serial += 1;
    }
    let mut rng = fastrand::Rng::with_seed(20200515);
    for _ in 0..demo::SNV_NON_MEMBERS {
        people.push(posted(
            demo::invented(&mut rng, serial, false, today),
            "CB-SNV",
            d(2015, 1, 1),
        ));
        serial += 1;
    }
    let mut vps_members = Vec::new();
    for (code, members, staff) in demo::OTHER_ORGS {
        for i in 0..members + staff {
            let member = i < *members;
            let r = demo::invented(&mut rng, serial, member, d(2018, 12, 31));
            let from = r
                .membership
                .as_ref()
                .map(|x| x.admitted_on)
                .unwrap_or(d(2015, 1, 1));
            if member && *code == "CB-VPS" {
                vps_members.push(people.len());
            }
            people.push(posted(r, code, from));
            serial += 1;
        }
    }
    let ids = db
        .load_people(&actor, &people, false, "demo", &mut |_| {})
        .await?;

    // Seed 002: Chi bộ Văn phòng Sở 2 split from Chi bộ Văn phòng Sở by 118-QĐ/ĐU of 19/02/2019.
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
    db.split_org(&actor, source, &new, &moved, today).await?;

    // A transfer after the 2020 congress, visible in the member's timeline.
    let t = demo::SNV_TRANSFER_ON;
    db.record_member_event(
        &actor,
        ids[demo::SNV_TRANSFERRED],
        d(t.0, t.1, t.2),
        MemberEvent::Transferred {
            to: demo::SNV_TRANSFER_TO.into(),
        },
        None,
        today,
    )
    .await?;

    crate::demo::admission::load(db, today).await?;
    crate::demo::congress::load(db).await?;
    crate::demo::branch::load(db, &actor, today).await?;
    db.set_setting(&actor, demo::LOADED_KEY, &today.to_string())
        .await?;
    Ok(true)
}
