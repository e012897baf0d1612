//! The state every handler shares: the database and the clock ("today" in Vietnam), so that
//! tests can pin the date.

use chrono::NaiveDate;

#[derive(Clone)]
pub struct AppState {
    pub db: db::Db,
    /// A fixed "today" for tests; `None` reads the clock (UTC+7).
    pub today: Option<NaiveDate>,
}

impl AppState {
    pub fn new(db: db::Db) -> Self {
        Self { db, today: None }
    }

    pub fn today(&self) -> NaiveDate {
        self.today
            .unwrap_or_else(|| (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive())
    }
}
