//! Analyses over parsed events that several commands build on.

pub mod auth;
pub mod logins;
