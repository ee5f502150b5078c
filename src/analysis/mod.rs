//! Pure computations over events and keys: no printing, no I/O. Commands
//! feed them events chunk by chunk, merge the per-chunk results in order,
//! and hand the results to the output layer.

pub mod anomalies;
pub mod arena_counts;
pub mod auth;
pub mod endpoints;
pub mod findings;
pub mod gaps;
pub mod histogram;
pub mod http;
pub mod interleave;
pub mod logins;
pub mod mask;
pub mod partial;
pub mod quantiles;
pub mod signals;
pub mod skew;
pub mod subjects;
pub mod summary;
pub mod template_cache;
pub mod template_order;
pub mod templates;
pub mod trace;
