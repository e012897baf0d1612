//! Editing from the pages: a member's personal fields, an organization's name (dated, with
//! its decision) and kind, splitting and merging — saved and audited when good; the form
//! again with the error beside the field and nothing saved when not; 404 outside the
//! user's subtree (SQLite, and PostgreSQL with `DANGVU_TEST_PG`).

use crate::common;

use crate::common::{CSRF, Env, envs, form, html};
use axum::http::StatusCode;

fn person_edit(env: &Env, birth: &str, home_town: &str) -> String {
    let _ = env;
    form(&[
        ("csrf", CSRF),
        ("full_name", "Trần Văn Một"),
        ("birth_name", ""),
        ("birth_date", birth),
        ("sex", "Nam"),
        ("ethnicity", "Kinh"),
        ("religion", "Không"),
        ("home_town", home_town),
        ("education", "12/12"),
        ("theory", "Trung cấp"),
        ("qualification", "Thạc sĩ"),
        ("foreign_language", "Tiếng Anh B1"),
        ("occupation", "Công chức"),
    ])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_good_member_edit_is_saved_and_audited() {
    for env in envs().await {
        let uri = format!("/dang-vien/{}/sua", env.person);
        let r = env
            .call("canbo", "GET", &format!("/dang-vien/{}", env.person), None)
            .await;
        assert!(
            r.body.contains(&uri),
            "{}: the profile links to the form",
            env.label
        );
        let r = env.call("canbo", "GET", &uri, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
        assert!(
            r.body.contains("value=\"04/03/1985\""),
            "{}: {}",
            env.label,
            r.body
        );
        let r = env
            .call(
                "canbo",
                "POST",
                &uri,
                Some(person_edit(&env, "04/03/1985", "Nghệ An")),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", env.label, r.body);
        assert_eq!(
            r.location.as_deref(),
            Some(&*format!("/dang-vien/{}", env.person))
        );
        let p = env.db.person(env.person).await.unwrap();
        assert_eq!(p.home_town.as_deref(), Some("Nghệ An"));
        assert_eq!(p.occupation.as_deref(), Some("Công chức"));
        assert_eq!(p.theory.label(), "Trung cấp");
        assert_eq!(
            p.membership
                .as_ref()
                .unwrap()
                .card_number
                .as_ref()
                .unwrap()
                .as_str(),
            "70000001",
            "the membership is kept"
        );
        let audit = env.audit("person").await;
        let e = audit
            .iter()
            .find(|e| e.action == "update" && e.entity_id == env.person.to_string())
            .expect("an audit entry");
        assert_eq!(e.actor, "canbo");
        assert_eq!(
            e.before.as_ref().unwrap()["home_town"],
            serde_json::Value::Null
        );
        assert_eq!(e.after.as_ref().unwrap()["home_town"], "Nghệ An");
        let r = env
            .call("canbo", "GET", &format!("/dang-vien/{}", env.person), None)
            .await;
        assert!(r.body.contains("Nghệ An"), "{}", env.label);
        // The secretary of the member's own branch may edit too.
        let r = env
            .call(
                "bithu",
                "POST",
                &uri,
                Some(person_edit(&env, "04/03/1985", "Hà Tĩnh")),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", env.label);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_member_edit_names_the_field_and_saves_nothing() {
    for env in envs().await {
        let uri = format!("/dang-vien/{}/sua", env.person);
        let before = env.db.person(env.person).await.unwrap();
        let audits = env.audit("person").await.len();
        let r = env
            .call(
                "canbo",
                "POST",
                &uri,
                Some(person_edit(&env, "30/02/1985", "Nghệ An")),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(r.body.contains("field-error"), "{}", env.label);
        assert!(
            r.body
                .contains(&html("'30/02/1985' không phải ngày hợp lệ")),
            "{}: {}",
            env.label,
            r.body
        );
        assert!(r.body.contains("value=\"Nghệ An\""), "the input is kept");
        // Born 2000: admitted in 2010 at ten years old — refused beside the birth date.
        let r = env
            .call(
                "canbo",
                "POST",
                &uri,
                Some(person_edit(&env, "01/01/2000", "Nghệ An")),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(
            r.body.contains("chưa đủ 18 tuổi"),
            "{}: {}",
            env.label,
            r.body
        );
        let empty_name = person_edit(&env, "04/03/1985", "Nghệ An")
            .replace("full_name=Tr%E1%BA%A7n+V%C4%83n+M%E1%BB%99t", "full_name=");
        let r = env.call("canbo", "POST", &uri, Some(empty_name)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert_eq!(
            env.db.person(env.person).await.unwrap(),
            before,
            "{}",
            env.label
        );
        assert_eq!(env.audit("person").await.len(), audits, "{}", env.label);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_outside_the_subtree_get_404_and_change_nothing() {
    for env in envs().await {
        let a = db::Actor("test".into());
        let other = env
            .db
            .add_person(
                &a,
                "CB-A2",
                &common::member("Lê Văn Hai", "70000002"),
                common::today(),
            )
            .await
            .unwrap();
        let before = env.db.person(other).await.unwrap();
        // The secretary of CB-A1 and the viewer of CB-B may not edit a member of CB-A2; the
        // viewer may not edit anything.
        for (user, id) in [
            ("bithu", other),
            ("nguoixem", other),
            ("nguoixem", env.person),
        ] {
            let uri = format!("/dang-vien/{id}/sua");
            let r = env.call(user, "GET", &uri, None).await;
            assert_eq!(
                r.status,
                StatusCode::NOT_FOUND,
                "{}: {user} {uri}",
                env.label
            );
            assert!(!r.body.contains("Văn"), "{}: the name leaks", env.label);
            let r = env
                .call(
                    user,
                    "POST",
                    &uri,
                    Some(person_edit(&env, "04/03/1985", "Huế")),
                )
                .await;
            assert_eq!(
                r.status,
                StatusCode::NOT_FOUND,
                "{}: {user} {uri}",
                env.label
            );
        }
        assert_eq!(env.db.person(other).await.unwrap(), before);
        assert_eq!(env.db.person(env.person).await.unwrap().home_town, None);
        for (user, code) in [
            ("bithu", "CB-A2"),
            ("bithu", "DB-A"),
            ("nguoixem", "CB-B"),
            ("canbo", "CB-B"),
        ] {
            for page in ["sua", "tach", "sap-nhap", "nhap"] {
                let uri = format!("/to-chuc/{code}/{page}");
                let r = env.call(user, "GET", &uri, None).await;
                assert_eq!(
                    r.status,
                    StatusCode::NOT_FOUND,
                    "{}: {user} {uri}",
                    env.label
                );
            }
            let body = form(&[
                ("csrf", CSRF),
                ("name", "Tên mới"),
                ("kind", "Branch"),
                ("on", "01/11/2026"),
            ]);
            let r = env
                .call(user, "POST", &format!("/to-chuc/{code}/sua"), Some(body))
                .await;
            assert_eq!(
                r.status,
                StatusCode::NOT_FOUND,
                "{}: {user} {code}",
                env.label
            );
            let body = form(&[("csrf", CSRF), ("into", "CB-A1"), ("on", "01/11/2026")]);
            let r = env
                .call(
                    user,
                    "POST",
                    &format!("/to-chuc/{code}/sap-nhap"),
                    Some(body),
                )
                .await;
            assert_eq!(
                r.status,
                StatusCode::NOT_FOUND,
                "{}: {user} {code}",
                env.label
            );
        }
        // The secretary of CB-A1 may not split it: the new branch would sit under DB-A.
        let body = form(&[
            ("csrf", CSRF),
            ("code", "CB-A9"),
            ("name", "Chi bộ Chín"),
            ("kind", "Branch"),
            ("on", "01/11/2026"),
        ]);
        let r = env
            .call("bithu", "POST", "/to-chuc/CB-A1/tach", Some(body))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", env.label);
        // Staff of DB-A may not merge CB-A1 into CB-B, outside their subtree.
        let body = form(&[("csrf", CSRF), ("into", "CB-B"), ("on", "01/11/2026")]);
        let r = env
            .call("canbo", "POST", "/to-chuc/CB-A1/sap-nhap", Some(body))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(
            r.body.contains("trong phạm vi bạn được quyền ghi"),
            "{}",
            env.label
        );
        for (code, name, kind, _) in common::ORGS {
            let o = env.db.org_latest(code).await.unwrap();
            assert_eq!(
                (o.name.as_str(), o.kind, o.dissolved_on),
                (name, kind, None),
                "{}",
                env.label
            );
        }
        assert!(env.db.org_latest("CB-A9").await.is_err());
        let denied = env
            .audit("organization")
            .await
            .iter()
            .filter(|e| e.action == "denied")
            .count();
        assert!(denied > 0, "{}: refusals are audited", env.label);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rename_with_its_decision_and_a_kind_change_are_saved_and_shown() {
    for env in envs().await {
        let r = env.call("canbo", "GET", "/to-chuc/CB-A1", None).await;
        assert!(
            r.body.contains("/to-chuc/CB-A1/sua"),
            "{}: the page links to the form",
            env.label
        );
        let r = env.call("canbo", "GET", "/to-chuc/CB-A1/sua", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
        assert!(r.body.contains("value=\"Chi bộ Phòng A1\""));
        let body = form(&[
            ("csrf", CSRF),
            ("name", "Chi bộ Phòng Tổng hợp"),
            ("kind", "Branch"),
            ("on", "15/11/2026"),
            ("symbol", "12-QĐ/ĐU"),
            ("signed_on", "10/11/2026"),
        ]);
        let r = env
            .call("canbo", "POST", "/to-chuc/CB-A1/sua", Some(body))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", env.label, r.body);
        assert_eq!(r.location.as_deref(), Some("/to-chuc/CB-A1"));
        assert_eq!(
            env.db.org_latest("CB-A1").await.unwrap().name,
            "Chi bộ Phòng Tổng hợp"
        );
        assert_eq!(
            env.db
                .org("CB-A1", Some(common::d(2026, 11, 1)))
                .await
                .unwrap()
                .name,
            "Chi bộ Phòng A1",
            "the old name stays in the history"
        );
        let r = env.call("canbo", "GET", "/to-chuc/CB-A1", None).await;
        assert!(r.body.contains("Đổi tên"), "{}: {}", env.label, r.body);
        assert!(
            r.body.contains("12-QĐ/ĐU ngày 10/11/2026"),
            "{}: {}",
            env.label,
            r.body
        );
        assert!(
            r.body.contains("Chi bộ Phòng A1 → Chi bộ Phòng Tổng hợp"),
            "{}",
            env.label
        );
        let audit = env.audit("organization").await;
        assert!(
            audit
                .iter()
                .any(|e| e.action == "rename" && e.entity_id == "CB-A1" && e.actor == "canbo"),
            "{}",
            env.label
        );
        // The kind: a branch of DB-A becomes a partial committee.
        let body = form(&[
            ("csrf", CSRF),
            ("name", "Chi bộ Phòng A2"),
            ("kind", "PartialCommittee"),
            ("on", ""),
        ]);
        let r = env
            .call("canbo", "POST", "/to-chuc/CB-A2/sua", Some(body))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", env.label, r.body);
        assert_eq!(
            env.db.org_latest("CB-A2").await.unwrap().kind,
            domain::register::org::OrgKind::PartialCommittee
        );
        let e = env
            .audit("organization")
            .await
            .into_iter()
            .find(|e| e.action == "update" && e.entity_id == "CB-A2")
            .expect("audited");
        assert_eq!(e.before.unwrap()["kind"], "Branch");
        assert_eq!(e.after.unwrap()["kind"], "PartialCommittee");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_organization_edit_names_the_field_and_saves_nothing() {
    for env in envs().await {
        let audits = env.audit("organization").await.len();
        // A cell may not sit under a grassroots committee; an empty name; a bad decision.
        let body = form(&[
            ("csrf", CSRF),
            ("name", "  "),
            ("kind", "Cell"),
            ("on", "15/11/2026"),
        ]);
        let r = env
            .call("canbo", "POST", "/to-chuc/CB-A1/sua", Some(body))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(
            r.body.contains("không thể trực thuộc"),
            "{}: {}",
            env.label,
            r.body
        );
        assert_eq!(
            r.body.matches("class=\"field-error\"").count(),
            2,
            "{}: {}",
            env.label,
            r.body
        );
        let body = form(&[
            ("csrf", CSRF),
            ("name", "Chi bộ Mới"),
            ("kind", "Branch"),
            ("on", "15/11/2030"),
            ("symbol", "không phải số hiệu"),
            ("signed_on", "10/11/2026"),
        ]);
        let r = env
            .call("canbo", "POST", "/to-chuc/CB-A1/sua", Some(body))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(
            r.body.contains("ở sau ngày hôm nay"),
            "{}: {}",
            env.label,
            r.body
        );
        assert!(r.body.contains("value=\"Chi bộ Mới\""), "the input is kept");
        // Before the organization's last change: refused by the repository, beside the date.
        let body = form(&[
            ("csrf", CSRF),
            ("name", "Chi bộ Mới"),
            ("kind", "Branch"),
            ("on", "01/01/1999"),
        ]);
        let r = env
            .call("canbo", "POST", "/to-chuc/CB-A1/sua", Some(body))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(
            r.body.contains("lịch sử không được ghi đè"),
            "{}: {}",
            env.label,
            r.body
        );
        // A grassroots committee with branches may not become a branch.
        let body = form(&[
            ("csrf", CSRF),
            ("name", "Đảng bộ Sở A"),
            ("kind", "GrassrootsBranch"),
            ("on", ""),
        ]);
        let r = env
            .call("quantri", "POST", "/to-chuc/DB-A/sua", Some(body))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(r.body.contains("field-error"), "{}: {}", env.label, r.body);
        assert_eq!(
            env.db.org_latest("CB-A1").await.unwrap().name,
            "Chi bộ Phòng A1"
        );
        assert_eq!(
            env.db.org_latest("DB-A").await.unwrap().kind,
            domain::register::org::OrgKind::GrassrootsCommittee
        );
        assert_eq!(
            env.audit("organization").await.len(),
            audits,
            "{}",
            env.label
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_split_moves_the_chosen_members_and_shows_in_the_history() {
    for env in envs().await {
        let a = db::Actor("test".into());
        let second = env
            .db
            .add_person(
                &a,
                "CB-A1",
                &common::member("Phạm Thị Hai", "70000003"),
                common::today(),
            )
            .await
            .unwrap();
        let r = env.call("canbo", "GET", "/to-chuc/CB-A1/tach", None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
        assert!(r.body.contains("Phạm Thị Hai") && r.body.contains("Trần Văn Một"));
        // A member of another branch cannot be chosen; the code must be new.
        let bad = format!(
            "{}&members={}",
            form(&[
                ("csrf", CSRF),
                ("code", "CB-A2"),
                ("name", "Chi bộ Hai"),
                ("kind", "Branch"),
                ("on", "01/11/2026")
            ]),
            999_999
        );
        let r = env
            .call("canbo", "POST", "/to-chuc/CB-A1/tach", Some(bad))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(r.body.contains("đã tồn tại"), "{}: {}", env.label, r.body);
        assert!(
            r.body.contains("chỉ chọn được đảng viên"),
            "{}: {}",
            env.label,
            r.body
        );
        let good = format!(
            "{}&members={second}",
            form(&[
                ("csrf", CSRF),
                ("code", "CB-A3"),
                ("name", "Chi bộ Phòng A3"),
                ("kind", "Branch"),
                ("on", "01/11/2026"),
                ("symbol", "118-QĐ/ĐU"),
                ("signed_on", "30/10/2026"),
            ])
        );
        let r = env
            .call("canbo", "POST", "/to-chuc/CB-A1/tach", Some(good))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", env.label, r.body);
        assert_eq!(r.location.as_deref(), Some("/to-chuc/CB-A3"));
        let new = env.db.org_latest("CB-A3").await.unwrap();
        assert_eq!(
            env.db.org_by_id(new.parent_id.unwrap()).await.unwrap().code,
            "DB-A"
        );
        assert_eq!(env.db.person_home(second).await.unwrap().code, "CB-A3");
        assert_eq!(env.db.person_home(env.person).await.unwrap().code, "CB-A1");
        let r = env.call("canbo", "GET", "/to-chuc/CB-A3", None).await;
        assert!(r.body.contains("Chia tách"), "{}: {}", env.label, r.body);
        assert!(
            r.body.contains("118-QĐ/ĐU ngày 30/10/2026"),
            "{}",
            env.label
        );
        assert!(r.body.contains("Phạm Thị Hai"), "{}", env.label);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_merge_ends_the_source_and_moves_its_members() {
    for env in envs().await {
        let r = env
            .call("canbo", "GET", "/to-chuc/CB-A1/sap-nhap", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
        assert!(r.body.contains("value=\"CB-A2\""), "{}", env.label);
        assert!(!r.body.contains("value=\"CB-A1\""), "not into itself");
        assert!(!r.body.contains("value=\"CB-B\""), "only writable targets");
        let r = env
            .call(
                "canbo",
                "POST",
                "/to-chuc/CB-A1/sap-nhap",
                Some(form(&[("csrf", CSRF), ("into", ""), ("on", "01/11/2026")])),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", env.label);
        assert!(r.body.contains("không được để trống"), "{}", env.label);
        assert!(
            env.db
                .org_latest("CB-A1")
                .await
                .unwrap()
                .dissolved_on
                .is_none()
        );
        let good = form(&[
            ("csrf", CSRF),
            ("into", "CB-A2"),
            ("on", "01/11/2026"),
            ("symbol", "120-QĐ/ĐU"),
            ("signed_on", "30/10/2026"),
        ]);
        let r = env
            .call("canbo", "POST", "/to-chuc/CB-A1/sap-nhap", Some(good))
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", env.label, r.body);
        assert_eq!(r.location.as_deref(), Some("/to-chuc/CB-A2"));
        assert_eq!(
            env.db.org_latest("CB-A1").await.unwrap().dissolved_on,
            Some(common::d(2026, 11, 1))
        );
        assert_eq!(env.db.person_home(env.person).await.unwrap().code, "CB-A2");
        let r = env
            .call("canbo", "GET", "/to-chuc/CB-A1?ngay=2026-10-31", None)
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", env.label);
        assert!(
            r.body.contains("Sáp nhập — Chi bộ Phòng A2"),
            "{}: {}",
            env.label,
            r.body
        );
        assert!(r.body.contains("120-QĐ/ĐU"), "{}", env.label);
        assert!(
            env.audit("organization")
                .await
                .iter()
                .any(|e| e.action == "merge" && e.entity_id == "CB-A1"),
            "{}",
            env.label
        );
    }
}
