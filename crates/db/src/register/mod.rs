//! The register's storage: organizations with their dated versions and events (`orgs`), their
//! splits, merges and dissolutions (`restructure`), people, postings and member events
//! (`members`), the identities imports are checked against (`identities`), bulk loading for
//! imports and the generator (`bulk`, through `COPY` on PostgreSQL: `copy`), the structure aggregate (`stats`), the settings it reads
//! (`settings`) and the web's corrections (`corrections`).

pub(crate) mod bulk;
mod copy;
pub(crate) mod corrections;
pub(crate) mod export;
mod identities;
pub(crate) mod members;
pub(crate) mod orgs;
mod restructure;
pub(crate) mod settings;
pub(crate) mod stats;
pub(crate) mod tally;
