//! The state every handler shares: the database, the clock ("today" in Vietnam), so that
//! tests can pin the date, and how the server is deployed (`Settings`).

use chrono::NaiveDate;

/// How the server is deployed; `dangvu serve` sets these from its flags (README, "Behind a
/// reverse proxy").
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// The reverse proxy in front is trusted: the client's address is the last entry of
    /// `X-Forwarded-For` (the one the proxy added) and `X-Forwarded-Host` names the site.
    /// Off by default: a client could write those headers itself.
    pub trust_proxy: bool,
    /// The site is reached over HTTPS (TLS ends at a proxy in front, or anywhere else):
    /// cookies carry `Secure` and every answer `Strict-Transport-Security`.
    pub behind_https: bool,
    /// A register of more members than this is exported as .csv in the background, written to
    /// disk a group of organizations at a time, with a progress bar (default
    /// `BACKGROUND_EXPORT_FROM`; tests set a small number).
    pub background_export_from: Option<u64>,
}

/// Above this many members a register's .csv is made in the background (a country's or a
/// large province's): building it within a request would hold it whole in memory.
pub const BACKGROUND_EXPORT_FROM: u64 = 100_000;

impl Settings {
    /// The number of members above which the .csv export runs in the background.
    pub fn background_export_from(&self) -> u64 {
        self.background_export_from
            .unwrap_or(BACKGROUND_EXPORT_FROM)
    }
}

#[derive(Clone)]
pub struct AppState {
    pub db: db::Db,
    /// A fixed "today" for tests; `None` reads the clock (UTC+7).
    pub today: Option<NaiveDate>,
    pub settings: Settings,
    /// Background work started from pages, with its progress.
    pub jobs: crate::jobs::Jobs,
    /// The portal's read counts not yet written (`portal::reads`).
    pub reads: crate::portal::reads::Reads,
}

impl AppState {
    pub fn new(db: db::Db) -> Self {
        Self {
            db,
            today: None,
            settings: Settings::default(),
            jobs: Default::default(),
            reads: Default::default(),
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive())
    }
}
