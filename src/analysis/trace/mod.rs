//! Request tracing (issue 5): follow one request ID across every service
//! and file, or discover which requests are worth following.
//!
//! * [`ids`] recognises request IDs: field names like `request_id` and
//!   `traceId`, UUIDs and W3C `traceparent` headers in raw text.
//! * [`matcher`] finds the records carrying the IDs asked for (exact, or a
//!   unique prefix of at least 8 characters) behind a literal prefilter.
//! * [`summary`] turns one ID's records into its span, hops, statuses and
//!   errors.
//! * [`top`] is the bounded aggregation behind `trace --top N`.

pub mod fields;
pub mod ids;
pub mod matcher;
pub mod quick;
pub mod summary;
pub mod table;
pub mod top;
pub mod topmap;
