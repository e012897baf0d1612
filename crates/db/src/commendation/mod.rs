//! Emulation and commendation (thi đua, khen thưởng) and party badges (huy hiệu Đảng). The
//! rules are `domain::commendation`'s; this module stores a member's discipline, periods
//! outside the party, serious illness and badges, refuses what the rules refuse (in
//! Vietnamese, nothing written), audits every write, and lists the badges due in a subtree.

mod badges;
mod badges_due;

pub use badges::{BadgeRecord, DisciplineRecord, GapRecord, MemberBadges, NewBadge, NewDiscipline};
pub use badges_due::BadgeDueRow;
