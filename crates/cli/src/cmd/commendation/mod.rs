//! Emulation and commendation's commands: `badge` (party badges: who is due on an award date,
//! awards, discipline, periods outside the party, serious illness).

pub mod badge;
