//! Tests of the scoring routes.
