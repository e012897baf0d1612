//! The writes behind the web forms, on real databases: correcting a person's personal
//! fields (searchable under the new name, membership kept, audited), changing an
//! organization's kind within the tree's rules, and listing and revoking API tokens.

use crate::common::{d, databases, today};
use db::{Actor, NewOrg};
use domain::accounts::access::Role;
use domain::register::member::{
    CardNumber, MembershipRecord, PersonName, PersonRecord, Qualification, Sex, TheoryLevel,
};
use domain::register::org::{OrgCode, OrgKind};

async fn tree(db: &db::Db) {
    let a = Actor("test".into());
    for (code, name, kind, parent) in [
        ("TU", "Đảng bộ tỉnh Thử", OrgKind::Province, None),
        (
            "DB-A",
            "Đảng bộ Sở A",
            OrgKind::GrassrootsCommittee,
            Some("TU"),
        ),
        ("CB-A1", "Chi bộ Phòng A1", OrgKind::Branch, Some("DB-A")),
    ] {
        db.create_org(
            &a,
            &NewOrg {
                code: OrgCode::parse(code).unwrap(),
                name: name.into(),
                kind,
                parent: parent.map(|p| OrgCode::parse(p).unwrap()),
                since: d(2000, 1, 1),
                decision: None,
            },
        )
        .await
        .unwrap();
    }
}

fn person(name: &str) -> PersonRecord {
    PersonRecord {
        full_name: PersonName::parse(name).unwrap(),
        birth_name: None,
        birth_date: d(1985, 3, 4),
        sex: Sex::Male,
        ethnicity: None,
        religion: None,
        home_town: None,
        education: None,
        theory: TheoryLevel::Elementary,
        qualification: Qualification::Bachelor,
        foreign_language: None,
        occupation: None,
        membership: Some(MembershipRecord {
            admitted_on: d(2010, 3, 4),
            official_on: Some(d(2011, 3, 4)),
            card_number: Some(CardNumber::parse("70000001").unwrap()),
            record_number: None,
        }),
    }
}

#[tokio::test]
async fn a_corrected_person_is_found_under_the_new_name_and_keeps_the_membership() {
    for t in databases().await {
        tree(&t.db).await;
        let a = Actor("canbo".into());
        let id =
            t.db.add_person(&a, "CB-A1", &person("Trần Văn Một"), today())
                .await
                .unwrap();
        let mut new = person("Trần Thị Mai");
        new.sex = Sex::Female;
        new.home_town = Some("Nghệ An".into());
        new.membership = None; // ignored: the membership is kept
        assert!(
            t.db.update_person(&a, id, &new).await.unwrap(),
            "{}",
            t.label
        );
        let stored = t.db.person(id).await.unwrap();
        assert_eq!(stored.full_name.as_str(), "Trần Thị Mai");
        assert_eq!(stored.sex, Sex::Female);
        assert_eq!(stored.home_town.as_deref(), Some("Nghệ An"));
        assert_eq!(stored.membership, person("x y").membership, "{}", t.label);
        let found =
            t.db.register(&db::RegisterQuery {
                org: "TU".into(),
                on: today(),
                search: Some("tran thi mai".into()),
                include_non_members: false,
            })
            .await
            .unwrap();
        assert_eq!(found.len(), 1, "{}: searchable under the new name", t.label);
        // Saving the same record again changes and audits nothing.
        let audits = t.db.audit_entries(Some("person"), 100).await.unwrap();
        assert!(!t.db.update_person(&a, id, &stored).await.unwrap());
        assert_eq!(
            t.db.audit_entries(Some("person"), 100).await.unwrap().len(),
            audits.len()
        );
        let e = &audits[0];
        assert_eq!((e.action.as_str(), e.actor.as_str()), ("update", "canbo"));
        assert_eq!(e.before.as_ref().unwrap()["full_name"], "Trần Văn Một");
        assert_eq!(e.after.as_ref().unwrap()["full_name"], "Trần Thị Mai");
        assert!(e.after.as_ref().unwrap().get("membership").is_none());
        assert!(t.db.update_person(&a, 999_999, &new).await.is_err());
    }
}

#[tokio::test]
async fn the_kind_changes_only_within_the_rules_of_the_tree() {
    for t in databases().await {
        tree(&t.db).await;
        let a = Actor("test".into());
        // A branch may become a cell? Not under a grassroots committee.
        let e =
            t.db.set_org_kind(&a, "CB-A1", OrgKind::Cell)
                .await
                .unwrap_err();
        assert!(e.is_bad_input(), "{}: {e}", t.label);
        // A committee with branches may not become a grassroots branch.
        let e =
            t.db.check_org_kind("DB-A", OrgKind::GrassrootsBranch)
                .await
                .unwrap_err();
        assert!(
            e.to_string().contains("hãy chuyển các tổ chức trực thuộc"),
            "{}: {e}",
            t.label
        );
        assert_eq!(
            t.db.org_latest("DB-A").await.unwrap().kind,
            OrgKind::GrassrootsCommittee
        );
        t.db.check_org_kind("CB-A1", OrgKind::PartialCommittee)
            .await
            .unwrap();
        t.db.set_org_kind(&a, "CB-A1", OrgKind::PartialCommittee)
            .await
            .unwrap();
        assert_eq!(
            t.db.org_latest("cb-a1").await.unwrap().kind,
            OrgKind::PartialCommittee
        );
        let e = &t.db.audit_entries(Some("organization"), 1).await.unwrap()[0];
        assert_eq!(e.action, "update");
        assert_eq!(e.after.as_ref().unwrap()["kind"], "PartialCommittee");
    }
}

#[tokio::test]
async fn tokens_are_listed_and_revoked_only_by_their_owner() {
    for t in databases().await {
        tree(&t.db).await;
        let a = Actor("test".into());
        let u =
            t.db.create_user(&a, "canbo", "mat-khau-thu-nghiem", "DB-A", Role::Staff)
                .await
                .unwrap();
        let v =
            t.db.create_user(&a, "bithu", "mat-khau-thu-nghiem", "CB-A1", Role::Secretary)
                .await
                .unwrap();
        assert_eq!(t.db.user_id_by_name("canbo").await.unwrap(), u.id);
        assert!(t.db.user_id_by_name("khong-co").await.is_err());
        let token = t.db.create_api_token(&a, u.id, "báo cáo").await.unwrap();
        let list = t.db.api_tokens(u.id).await.unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].name, "báo cáo");
        assert!(list[0].last_used_at.is_none());
        assert!(t.db.api_tokens(v.id).await.unwrap().is_empty());
        let now = chrono::Utc::now().naive_utc();
        assert!(t.db.api_token_user(&token, now).await.unwrap().is_some());
        let first = t.db.api_tokens(u.id).await.unwrap()[0].last_used_at;
        assert!(first.is_some());
        // The last use is noted at most once a minute (each note is a commit).
        let later = |s: i64| now + chrono::Duration::seconds(s);
        assert!(
            t.db.api_token_user(&token, later(30))
                .await
                .unwrap()
                .is_some()
        );
        assert_eq!(
            t.db.api_tokens(u.id).await.unwrap()[0].last_used_at,
            first,
            "{}",
            t.label
        );
        assert!(
            t.db.api_token_user(&token, later(120))
                .await
                .unwrap()
                .is_some()
        );
        assert!(
            t.db.api_tokens(u.id).await.unwrap()[0].last_used_at > first,
            "{}",
            t.label
        );
        let e =
            t.db.revoke_api_token(&a, v.id, list[0].id)
                .await
                .unwrap_err();
        assert!(
            matches!(e, db::DbError::NotFound { .. }),
            "{}: {e}",
            t.label
        );
        assert!(t.db.api_token_user(&token, now).await.unwrap().is_some());
        t.db.revoke_api_token(&a, u.id, list[0].id).await.unwrap();
        assert!(
            t.db.api_token_user(&token, now).await.unwrap().is_none(),
            "{}",
            t.label
        );
        assert!(t.db.api_tokens(u.id).await.unwrap().is_empty());
        let e = &t.db.audit_entries(Some("api_token"), 1).await.unwrap()[0];
        assert_eq!(
            (e.action.as_str(), e.entity_id.as_str()),
            ("revoke", "canbo")
        );
    }
}
