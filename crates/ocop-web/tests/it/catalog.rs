//! Tests of the catalog routes.
