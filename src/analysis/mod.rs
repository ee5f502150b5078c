//! Pure computations over events: no printing, no I/O. Commands feed them
//! events chunk by chunk and merge the per-chunk results in order.

pub mod anomalies;
pub mod endpoints;
pub mod findings;
pub mod http;
pub mod mask;
pub mod partial;
pub mod quantiles;
pub mod signals;
pub mod summary;
pub mod templates;
