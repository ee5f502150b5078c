//! Placeholder: format detection.
