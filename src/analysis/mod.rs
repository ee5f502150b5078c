//! Analyses built on the engine's events that are more than one filter: request tracing.

pub mod trace;
