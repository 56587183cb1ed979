//! Canonical text (placeholder)
