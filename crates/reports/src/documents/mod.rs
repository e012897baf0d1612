//! Party documents from templates (DOMAIN.md §7, HD 36-HD/VPTW): a document of the register as
//! the party's layout prints it (`party`), and the first text of each template, filled from the
//! data and edited before it is numbered (`templates`): the congress resolution with its
//! targets, a decision, a plan, a notice, a report.

pub mod party;
pub mod political;
pub mod templates;

pub use party::PartyDoc;
