//! What a member's page shows of commendation: the party age today with the days not counted,
//! and the badges, titles and awards, discipline, periods outside the party and serious illness
//! as lines of the timeline.

use chrono::NaiveDate;
use domain::commendation::badge;
use domain::text::format_date;

use crate::error::WebError;
use crate::state::AppState;

/// The party age line of the facts (none for a non-member) and the timeline's lines.
pub async fn member_lines(
    s: &AppState,
    id: i32,
    today: NaiveDate,
) -> Result<(Option<String>, Vec<(NaiveDate, String)>), WebError> {
    let m = s.db.member_badges(id).await?;
    let age = m.facts.admitted.map(|a| {
        let until = m.facts.died.map_or(today, |d| d.min(today));
        let age = badge::party_age(a, &m.facts.gaps, until);
        match badge::deducted_days(a, &m.facts.gaps, until) {
            0 => age.to_string(),
            n => format!("{age} (không tính {n} ngày ngoài Đảng)"),
        }
    });
    let mut lines = Vec::new();
    for b in &m.badges {
        let mut t = format!("Nhận Huy hiệu {} năm tuổi Đảng", b.milestone);
        if b.status != badge::BadgeStatus::Due {
            t.push_str(&format!(" ({})", b.status.label().to_lowercase()));
        }
        if let Some(d) = &b.decision {
            t.push_str(&format!(" (Quyết định {d})"));
        }
        lines.push((b.awarded_on, t));
    }
    for d in &m.disciplines {
        let mut t = format!("Kỷ luật {}: {}", d.form.label().to_lowercase(), d.reason);
        if let Some(s) = &d.decision {
            t.push_str(&format!(" (Quyết định {s})"));
        }
        lines.push((d.on, t));
    }
    for g in &m.gaps {
        let mut t = format!("{} (đến {})", g.gap.kind.label(), format_date(g.gap.to));
        if let Some(n) = &g.note {
            t.push_str(&format!(": {n}"));
        }
        lines.push((g.gap.from, t));
    }
    for a in s.db.awards_of_person(id).await? {
        lines.push((
            a.decided_on,
            format!(
                "{} năm {} (Quyết định {} của {})",
                a.kind.label(),
                a.year,
                a.symbol,
                a.issuer
            ),
        ));
    }
    if let Some(since) = m.facts.ill_since {
        lines.push((since, "Đau ốm nặng (được xét Huy hiệu Đảng sớm)".into()));
    }
    Ok((age, lines))
}
